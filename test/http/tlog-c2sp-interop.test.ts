// Other C2SP tooling reads and verifies Nara's log without knowing anything about Nara: the Go
// project's own tlog and note packages (golang.org/x/mod/sumdb), driven over HTTP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildC2spClient } from '../interop/c2sp-client.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { serveOnLoopback } from '../support/serve.js';

let nara: TestNara;
let server: Awaited<ReturnType<typeof serveOnLoopback>>;
let logUrl: string;
let logKey: string;
let client: ReturnType<typeof buildC2spClient>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-c2sp-run-'));

async function appendAndSequence(from: number, count: number): Promise<void> {
  const log = nara.kernel.transparencyLog;
  for (let i = from; i < from + count; i++) {
    await log.append({
      type: 'pki.certificate-issued',
      at: new Date(Date.UTC(2026, 2, 2, 0, 0, i)).toISOString(),
      agency: 'org_testagency01',
      refs: { certificateId: `crt_${String(i).padStart(8, '0')}` },
    });
  }
  while ((await log.sequenceOnce()).sequenced > 0);
}

before(async () => {
  client = buildC2spClient();
  nara = await createTestNara();
  server = await serveOnLoopback(nara.app);
  logUrl = `${server.base}/log`;
  logKey = (await (await nara.app.request('/.well-known/nara/log-key')).text()).trim();
});
after(async () => {
  await server.close();
  await nara.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('C2SP interoperability (golang.org/x/mod/sumdb/tlog and note)', () => {
  test('a Go tlog client verifies the checkpoint, the tiles, every entry bundle and inclusion, then consistency after growth', async () => {
    const first = path.join(dir, 'first.checkpoint');
    await appendAndSequence(0, 300); // one full tile and a partial one
    const one = await client(['-log', logUrl, '-vkey', logKey, '-save', first]);
    assert.equal(one.status, 0, one.output);
    assert.match(one.output, /^ok size=300 root=\S+ entries=300$/);

    await appendAndSequence(300, 215); // two full tiles, a level-1 tile, a partial level-0 tile
    const two = await client(['-log', logUrl, '-vkey', logKey, '-old', first]);
    assert.equal(two.status, 0, two.output);
    assert.match(two.output, /^ok size=515 root=\S+ entries=515$/);
    const served = await (await nara.app.request('/log/checkpoint')).text();
    assert.equal(two.output.split(' ')[2], `root=${served.split('\n')[2]}`);
  });

  test('the Go client refuses the checkpoint under another key with the same name', async () => {
    const [name, id, ...rest] = logKey.split('+'); // base64 may itself contain '+'
    const other = Buffer.from(rest.join('+'), 'base64');
    other[5] = other[5]! ^ 0xff;
    const forged = `${name}+${id}+${other.toString('base64')}`;
    const result = await client(['-log', logUrl, '-vkey', forged]);
    assert.equal(result.status, 1);
    assert.match(result.output, /^FAIL /);
  });
});
