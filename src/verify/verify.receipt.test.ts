import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeBase64 } from '../kernel/trust/tlog/encoding.js';
import { MemoryTileLog } from '../kernel/trust/tlog/memory-log.js';
import type { Receipt } from '../kernel/trust/tlog/receipt.js';
import { runVerify } from './verify.cli.js';
import { exitCodes } from './verify.errors.js';
import { captureIo, event, growLog, newLogKey, receiptFor } from './verify.fixture.js';

describe('nara verify receipt', () => {
  let logKey: string;
  let receipt: Receipt;
  let dir: string;

  const verifyReceipt = async (value: unknown, ...args: string[]) => {
    const file = path.join(dir, `receipt-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    const io = captureIo();
    const code = await runVerify(['receipt', file, ...args], io);
    return { code, text: io.text() };
  };

  before(async () => {
    const key = newLogKey();
    logKey = key.verifierKey;
    const log = new MemoryTileLog();
    receipt = await receiptFor(log, 7, await growLog(log, 20, key.signer));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-verify-receipt-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies a good receipt offline and says what it proves', async () => {
    const result = await verifyReceipt(receipt, '--log-key', logKey);
    assert.equal(result.code, exitCodes.ok, result.text);
    assert.match(result.text, /log "nara\.test\/log" at 20 entries/);
    assert.match(result.text, /entry 7 is in it/);
    assert.match(result.text, /entry type signing\.signature-made, at 2026-03-02T00:00:00\.000Z, by platform/);
    assert.match(result.text, /^OK$/m);
  });

  it('fails a tampered entry, a moved index, another log key and a forged checkpoint, each with its code', async () => {
    const tampered = await verifyReceipt({ ...receipt, entry: encodeBase64(event(8)) }, '--log-key', logKey);
    assert.equal(tampered.code, exitCodes.failed);
    assert.match(tampered.text, /does not prove its entry is in the log/);
    assert.equal((await verifyReceipt({ ...receipt, index: 6 }, '--log-key', logKey)).code, exitCodes.failed);
    const otherKey = await verifyReceipt(receipt, '--log-key', newLogKey().verifierKey);
    assert.equal(otherKey.code, exitCodes.untrusted);
    assert.match(otherKey.text, /not signed by this log key/);
    const forged = await verifyReceipt({ ...receipt, checkpoint: receipt.checkpoint.replace('\n20\n', '\n21\n') }, '--log-key', logKey);
    assert.equal(forged.code, exitCodes.untrusted);
    assert.match(forged.text, /signature does not verify/);
  });

  it('treats unreadable input and missing arguments as usage errors', async () => {
    assert.equal((await verifyReceipt('{not json', '--log-key', logKey)).code, exitCodes.usage);
    assert.equal((await verifyReceipt({ entry: 'AA==' }, '--log-key', logKey)).code, exitCodes.usage);
    const noKey = await verifyReceipt(receipt);
    assert.equal(noKey.code, exitCodes.usage);
    assert.match(noKey.text, /needs the log's key: --log-key/);
    const io = captureIo();
    assert.equal(await runVerify(['receipt', path.join(dir, 'missing.json'), '--log-key', logKey], io), exitCodes.usage);
    assert.equal(await runVerify(['frobnicate', 'x'], captureIo()), exitCodes.usage);
    assert.equal(await runVerify(['receipt', 'x.json', '--no-such-flag'], captureIo()), exitCodes.usage);
  });

  it('documents every exit code in `nara verify --help`, through the real CLI', () => {
    const result = spawnSync(process.execPath, ['bin/nara.mjs', 'verify', '--help'], { encoding: 'utf8', cwd: process.cwd() });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /nara verify receipt <receipt\.json> --log-key <vkey>/);
    for (const code of Object.values(exitCodes)) assert.match(result.stdout, new RegExp(`^ {2}${code} {2}\\S`, 'm'));
    assert.match(result.stdout, /rolled-back log/);
    assert.match(result.stdout, /forked log/);
  });
});
