import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bidCommitment, openBid } from './domain/sealing.js';
import { runSealBid, type SealBidIo } from './procurement.vendor-cli.js';

const TENDER = 'tnd_roadworks01';
const VENDOR = 'org_hanbit0001';

function tenderKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

function io(tender: unknown = undefined): SealBidIo & { lines: string[]; errors: string[]; fetched: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const fetched: string[] = [];
  return {
    lines, errors, fetched,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    fetchJson: async (url) => {
      fetched.push(url);
      return tender;
    },
  };
}

describe('nara seal-bid: the vendor seals its bid on its own machine', () => {
  it('seals price, picks and document hashes to the key in a file; only the tender key opens it', async () => {
    const key = tenderKey();
    const dir = mkdtempSync(path.join(tmpdir(), 'nara-seal-'));
    writeFileSync(path.join(dir, 'key.jwk'), JSON.stringify(key.publicJwk));
    writeFileSync(path.join(dir, 'offer.pdf'), 'offer');
    const out = io();
    const code = await runSealBid(['--tender', TENDER, '--vendor', VENDOR, '--price', '905000000', '--picks', '3,11', '--document', path.join(dir, 'offer.pdf'), '--key', path.join(dir, 'key.jwk')], out);
    assert.equal(code, 0);
    const printed = JSON.parse(out.lines[0]!) as { sealed: string; commitment: string };
    assert.ok(!printed.sealed.includes('905000000'));
    assert.equal(printed.commitment, bidCommitment(printed.sealed));
    const opened = await openBid(printed.sealed, key.privateKey, { tenderId: TENDER, vendorId: VENDOR });
    assert.equal(opened.price, 905_000_000);
    assert.deepEqual(opened.picks, [3, 11]);
    assert.deepEqual(opened.documents, [`sha256:${createHash('sha256').update('offer').digest('hex')}`]);
  });

  it('fetches the opening key from a Nara server and refuses a tender that is not open', async () => {
    const key = tenderKey();
    const open = io({ status: 'open', openingPublicJwk: key.publicJwk });
    assert.equal(await runSealBid(['--tender', TENDER, '--vendor', VENDOR, '--price', '1000', '--url', 'https://nara.example/'], open), 0);
    assert.deepEqual(open.fetched, [`https://nara.example/api/v1/procurement/tenders/${TENDER}`]);
    assert.equal((await openBid(JSON.parse(open.lines[0]!).sealed, key.privateKey, { tenderId: TENDER, vendorId: VENDOR })).price, 1000);
    const closed = io({ status: 'opened', openingPublicJwk: key.publicJwk });
    assert.equal(await runSealBid(['--tender', TENDER, '--vendor', VENDOR, '--price', '1000', '--url', 'https://nara.example'], closed), 2);
    assert.match(closed.errors[0]!, /not open for bids/);
  });

  it('explains bad input instead of sealing', async () => {
    for (const args of [
      ['--vendor', VENDOR, '--price', '1', '--url', 'https://x'],
      ['--tender', TENDER, '--vendor', VENDOR, '--price', '-5', '--url', 'https://x'],
      ['--tender', TENDER, '--vendor', VENDOR, '--price', '5', '--picks', '3,3', '--url', 'https://x'],
      ['--tender', TENDER, '--vendor', VENDOR, '--price', '5'],
      ['--unknown'],
    ]) {
      const out = io();
      assert.equal(await runSealBid(args, out), 2, args.join(' '));
      assert.match(out.errors[0]!, /Usage: nara seal-bid/);
    }
  });
});
