import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeEntryBundle, encodeEntryBundle } from '../kernel/trust/tlog/bundles.js';
import { MemoryTileLog } from '../kernel/trust/tlog/memory-log.js';
import type { NoteSigner } from '../kernel/trust/tlog/note.js';
import { runVerify } from './verify.cli.js';
import { exitCodes } from './verify.errors.js';
import { captureIo, growLog, newLogKey, serveLog, type LogView } from './verify.fixture.js';

describe('nara verify log, against a C2SP tlog-tiles server over HTTP', () => {
  let signer: NoteSigner;
  let logKey: string;
  let log: MemoryTileLog;
  let at260: string;
  let at300: string;
  let view: LogView;
  let server: { url: string; close: () => Promise<void> };
  let dir: string;
  let state: string;

  const verify = async (...extra: string[]) => {
    const io = captureIo();
    const code = await runVerify(['log', server.url, '--log-key', logKey, '--state', state, ...extra], io);
    return { code, text: io.text() };
  };
  const savedSize = () => Number(JSON.parse(fs.readFileSync(state, 'utf8')).checkpoint.split('\n')[1]);

  before(async () => {
    ({ signer, verifierKey: logKey } = newLogKey());
    log = new MemoryTileLog();
    at260 = await growLog(log, 260, signer);
    at300 = await growLog(log, 300, signer);
    view = { checkpoint: at300, log };
    server = await serveLog(view);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-verify-log-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    Object.assign(view, { checkpoint: at300, log, editBundle: undefined, editTile: undefined });
    state = path.join(dir, `state-${Math.random().toString(36).slice(2)}.json`);
  });

  it('accepts a growing log, checks every entry with --entries, and saves each checkpoint', async () => {
    view.checkpoint = at260;
    const first = await verify();
    assert.equal(first.code, exitCodes.ok, first.text);
    assert.match(first.text, /origin "nara\.test\/log", 260 entries/);
    assert.match(first.text, /first check of this log/);
    assert.equal(savedSize(), 260);
    view.checkpoint = at300;
    const second = await verify('--entries');
    assert.equal(second.code, exitCodes.ok, second.text);
    assert.match(second.text, /consistent with the checkpoint seen .* \(260 entries\): the log only grew/);
    assert.match(second.text, /all 300 entries match/);
    assert.equal(savedSize(), 300);
  });

  it('detects a forged checkpoint: signed by another key, or altered after signing', async () => {
    const other = newLogKey();
    view.checkpoint = await growLog(new MemoryTileLog(), 300, other.signer);
    const foreign = await verify();
    assert.equal(foreign.code, exitCodes.untrusted);
    assert.match(foreign.text, /Forged or foreign checkpoint: .* carries no signature by the log key/);
    view.checkpoint = at300.replace('\n300\n', '\n301\n');
    const altered = await verify();
    assert.equal(altered.code, exitCodes.untrusted);
    assert.match(altered.text, /Forged checkpoint: the signature by the log key .* does not verify/);
    assert.equal(fs.existsSync(state), false, 'a refused checkpoint is never saved');
  });

  it('detects a rolled-back log: a smaller checkpoint after a bigger one was seen', async () => {
    assert.equal((await verify()).code, exitCodes.ok);
    view.checkpoint = at260;
    const rolled = await verify();
    assert.equal(rolled.code, exitCodes.rolledBack);
    assert.match(rolled.text, /Rolled-back log: it now shows 260 entries, but on .* it showed 300/);
    assert.equal(savedSize(), 300);
  });

  it('detects a fork: another root at the same size, or a bigger tree that does not contain the one seen', async () => {
    assert.equal((await verify()).code, exitCodes.ok);
    const forked = new MemoryTileLog();
    view.log = forked;
    view.checkpoint = await growLog(forked, 300, signer, 'b');
    const sameSize = await verify();
    assert.equal(sameSize.code, exitCodes.forked, sameSize.text);
    assert.match(sameSize.text, /Forked log: two different roots signed for the same 300 entries/);
    view.checkpoint = await growLog(forked, 310, signer, 'b');
    const bigger = await verify();
    assert.equal(bigger.code, exitCodes.forked, bigger.text);
    assert.match(bigger.text, /Forked log: the log at 310 entries does not contain the 300 entries seen/);
  });

  it('detects a tampered entry and a reordered bundle with --entries', async () => {
    view.editBundle = (index, bytes) => {
      if (index !== 0) return bytes;
      const entries = decodeEntryBundle(bytes).map((e) => Buffer.from(e));
      const changed = entries[5]!;
      changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
      return encodeEntryBundle(entries);
    };
    const tampered = await verify('--entries');
    assert.equal(tampered.code, exitCodes.failed);
    assert.match(tampered.text, /Tampered entry 5: its bytes do not hash to the leaf the log signed/);
    view.editBundle = (index, bytes) => {
      if (index !== 1) return bytes;
      const entries = decodeEntryBundle(bytes);
      [entries[2], entries[3]] = [entries[3]!, entries[2]!];
      return encodeEntryBundle(entries);
    };
    const reordered = await verify('--entries');
    assert.equal(reordered.code, exitCodes.failed);
    assert.match(reordered.text, /Reordered entry bundle 1: entry 258 holds what the log signed as entry 259/);
    assert.equal(fs.existsSync(state), false);
  });

  it('detects tiles that do not recompute to the signed root', async () => {
    view.editTile = (level, index, bytes) => {
      if (level !== 0 || index !== 1) return bytes;
      const copy = Uint8Array.from(bytes);
      copy[0]! ^= 1;
      return copy;
    };
    const result = await verify();
    assert.equal(result.code, exitCodes.failed);
    assert.match(result.text, /do not recompute to the signed root hash/);
  });

  it('says plainly when the log cannot be reached or the key is not a key', async () => {
    const io = captureIo();
    assert.equal(await runVerify(['log', 'http://127.0.0.1:1/log', '--log-key', logKey, '--state', state], io), exitCodes.unreachable);
    assert.match(io.text(), /Could not fetch http:\/\/127\.0\.0\.1:1\/log\/checkpoint/);
    const bad = captureIo();
    assert.equal(await runVerify(['log', server.url, '--log-key', 'not-a-key', '--state', state], bad), exitCodes.usage);
    assert.match(bad.text(), /The --log-key is not a verifier key/);
  });
});
