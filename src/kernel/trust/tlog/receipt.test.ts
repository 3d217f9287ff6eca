import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { canonicalJson, canonicalJsonBytes, commitment, newCommitmentSalt } from './canonical-json.js';
import { openCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.js';
import type { DomainError } from '../../http/errors.js';
import { isTlogError } from './errors.js';
import { MemoryTileLog } from './memory-log.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from './note.js';
import { makeReceipt, verifyConsistency, verifyReceipt, type Receipt } from './receipt.js';
import { consistencyProofFromTiles, inclusionProofFromTiles, treeHashFromTiles } from './tile-hashes.js';

const ORIGIN = 'nara.test/log';
const logKey = generateNoteKey(ORIGIN);
const signer = parseSignerKey(logKey.signerKey);
const code = (c: string) => (error: unknown) => isTlogError(error) && error.code === c;

const event = (i: number) => ({
  type: 'document.signed',
  at: `2026-03-02T09:00:${String(i % 60).padStart(2, '0')}+09:00`,
  agency: 'MOIS',
  subject: commitment({ person: `person-${i}` }, newCommitmentSalt()),
  ref: { documentId: `doc-${i}` },
});

const log = new MemoryTileLog();
const sizes: number[] = [];
const entries = Array.from({ length: 600 }, (_, i) => canonicalJsonBytes(event(i)));

async function checkpointAt(size: number): Promise<{ checkpoint: Checkpoint; note: string }> {
  const checkpoint = { origin: ORIGIN, size, rootHash: await treeHashFromTiles(size, log), extensions: [] };
  return { checkpoint, note: signCheckpoint(checkpoint, signer) };
}

async function receiptFor(index: number, size = log.size): Promise<Receipt> {
  const { note } = await checkpointAt(size);
  return makeReceipt(entries[index]!, index, note, await inclusionProofFromTiles(index, size, log));
}

before(async () => {
  for (const count of [1, 299, 100, 200]) {
    await log.append(entries.slice(log.size, log.size + count));
    sizes.push(log.size);
  }
});

describe('receipts', () => {
  it('verify offline with only the log key, also after a JSON round trip', async () => {
    for (const index of [0, 1, 255, 256, 299, 599]) {
      const receipt = JSON.parse(JSON.stringify(await receiptFor(index)));
      const verified = verifyReceipt(receipt, logKey.verifierKey);
      assert.equal(verified.index, index);
      assert.equal(verified.checkpoint.size, 600);
      assert.deepEqual(Buffer.from(verified.entry), Buffer.from(entries[index]!));
    }
  });

  it('accept the entry as JSON whose canonical form is the logged bytes', async () => {
    const receipt = await receiptFor(42);
    const asJson = { ...receipt, entry: JSON.parse(Buffer.from(entries[42]!).toString()) };
    assert.equal(verifyReceipt(asJson, [parseVerifierKey(logKey.verifierKey)]).index, 42);
  });

  it('fail with proof_mismatch for a tampered entry, a wrong index or a cut proof', async () => {
    const receipt = await receiptFor(300);
    const tampered = { ...receipt, entry: Buffer.from(canonicalJson({ ...event(300), agency: 'MOF' })).toString('base64') };
    assert.throws(() => verifyReceipt(tampered, logKey.verifierKey), code('proof_mismatch'));
    assert.throws(() => verifyReceipt({ ...receipt, index: 301 }, logKey.verifierKey), code('proof_mismatch'));
    assert.throws(() => verifyReceipt({ ...receipt, index: 600 }, logKey.verifierKey), code('proof_mismatch'));
    assert.throws(() => verifyReceipt({ ...receipt, inclusionProof: receipt.inclusionProof.slice(1) }, logKey.verifierKey), code('proof_mismatch'));
  });

  it('fail with unknown_key for a checkpoint forged under another key', async () => {
    const receipt = await receiptFor(5);
    const forger = generateNoteKey(ORIGIN);
    const { checkpoint } = await checkpointAt(600);
    const forged = signCheckpoint(checkpoint, parseSignerKey(forger.signerKey));
    assert.throws(() => verifyReceipt({ ...receipt, checkpoint: forged }, logKey.verifierKey), code('unknown_key'));
  });

  it('fail with bad_signature for an altered checkpoint', async () => {
    const receipt = await receiptFor(5);
    const altered = receipt.checkpoint.replace('\n600\n', '\n601\n');
    assert.notEqual(altered, receipt.checkpoint);
    assert.throws(() => verifyReceipt({ ...receipt, checkpoint: altered }, logKey.verifierKey), code('bad_signature'));
  });

  it('fail with malformed for anything that is not a receipt, as a 422 not a 5xx', async () => {
    const receipt = await receiptFor(5);
    const bad: unknown[] = [
      null,
      'receipt',
      { ...receipt, index: -1 },
      { ...receipt, index: '5' },
      { ...receipt, inclusionProof: 'abc' },
      { ...receipt, inclusionProof: ['AAAA'] },
      { ...receipt, entry: 'not base64!' },
      { ...receipt, entry: 5 },
      { ...receipt, checkpoint: 'not a note' },
      { ...receipt, checkpoint: undefined },
    ];
    for (const value of bad) {
      assert.throws(() => verifyReceipt(value, logKey.verifierKey), (e: unknown) => code('malformed')(e) && (e as DomainError).status === 422);
    }
    assert.throws(() => verifyReceipt(receipt, 'nara.test/log+00000000+AAAA'), code('malformed'));
  });
});

describe('checkpoint consistency', () => {
  it('holds between every pair of checkpoints the log signed', async () => {
    for (const m of sizes) {
      for (const n of sizes.filter((s) => s >= m)) {
        const older = openCheckpoint((await checkpointAt(m)).note, [parseVerifierKey(logKey.verifierKey)]).checkpoint;
        const newer = (await checkpointAt(n)).checkpoint;
        verifyConsistency(older, newer, await consistencyProofFromTiles(m, n, log));
      }
    }
  });

  it('detects a rolled-back log, another origin, a fork and a wrong proof', async () => {
    const older = (await checkpointAt(300)).checkpoint;
    const newer = (await checkpointAt(600)).checkpoint;
    const proof = await consistencyProofFromTiles(300, 600, log);
    assert.throws(() => verifyConsistency(newer, older, proof), code('rolled_back'));
    assert.throws(() => verifyConsistency(older, { ...newer, origin: 'other.test/log' }, proof), code('origin_mismatch'));
    assert.throws(() => verifyConsistency(newer, { ...newer, rootHash: older.rootHash }, []), code('proof_mismatch'));
    assert.throws(() => verifyConsistency(older, newer, proof.slice(1)), code('proof_mismatch'));
    const other = new MemoryTileLog();
    await other.append([...entries.slice(0, 299), canonicalJsonBytes({ rewritten: true }), ...entries.slice(300)]);
    const rewritten = { ...newer, rootHash: await treeHashFromTiles(600, other) };
    const rewrittenProof = await consistencyProofFromTiles(300, 600, other);
    assert.throws(() => verifyConsistency(older, rewritten, rewrittenProof), code('proof_mismatch'));
  });
});
