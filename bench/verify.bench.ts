/**
 * `npm run bench:verify`: receipts verified per second on one core (Node runs this on one thread),
 * for a log of 100,000 entries, printed beside a baseline measured in the same run: the bare
 * cryptography a receipt check cannot avoid (one Ed25519 verify of the checkpoint, and SHA-256 of
 * the entry and of each proof step). It prints figures; it never fails on a number.
 */
import { createHash, createPublicKey, hash, verify } from 'node:crypto';
import {
  canonicalJsonBytes,
  commitment,
  generateNoteKey,
  inclusionProofFromTiles,
  makeReceipt,
  MemoryTileLog,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  treeHashFromTiles,
  verifyReceipt,
} from '../src/kernel/trust/tlog/index.js';

const LOG_SIZE = Number(process.env.BENCH_LOG_SIZE ?? 100_000);
const RECEIPTS = 2_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const GOAL = 5_000;

/** Runs `work(i)` round-robin for about SECONDS and returns operations per second. */
function perSecond(work: (i: number) => void): number {
  for (let i = 0; i < 200; i++) work(i); // warm up the JIT
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < SECONDS * 1000) {
    for (let j = 0; j < 100; j++) work(count++);
  }
  return count / ((performance.now() - start) / 1000);
}

const salt = new Uint8Array(32).fill(7);
const entry = (i: number) =>
  canonicalJsonBytes({
    type: 'document.signed',
    at: new Date(Date.UTC(2026, 2, 2) + i * 1000).toISOString(),
    agency: `agency-${i % 300}`,
    subject: commitment({ person: i }, salt),
    ref: { documentId: `doc-${i}`, sha256: createHash('sha256').update(String(i)).digest('hex') },
  });

console.log(`Building a log of ${LOG_SIZE.toLocaleString('en')} entries…`);
const built = performance.now();
const log = new MemoryTileLog();
const entries: Uint8Array[] = [];
for (let at = 0; at < LOG_SIZE; at += 5_000) {
  const batch = Array.from({ length: Math.min(5_000, LOG_SIZE - at) }, (_, i) => entry(at + i));
  entries.push(...batch);
  await log.append(batch);
}
const key = generateNoteKey('nara.bench/log');
const checkpoint = { origin: 'nara.bench/log', size: LOG_SIZE, rootHash: await treeHashFromTiles(LOG_SIZE, log), extensions: [] };
const note = signCheckpoint(checkpoint, parseSignerKey(key.signerKey));
const receipts: string[] = [];
for (let i = 0; i < RECEIPTS; i++) {
  const index = Math.floor((i * 2_654_435_761) % LOG_SIZE);
  receipts.push(JSON.stringify(makeReceipt(entries[index]!, index, note, await inclusionProofFromTiles(index, LOG_SIZE, log))));
}
console.log(`…built with ${RECEIPTS} receipts in ${((performance.now() - built) / 1000).toFixed(1)} s.\n`);

// Baseline: the unavoidable cryptography for one receipt, with nothing else.
const { signatures, text } = parseNote(note);
const message = Buffer.from(text);
const signature = signatures[0]!.signature;
const publicKey = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(key.verifierKey.split('+').slice(2).join('+'), 'base64').subarray(1)]),
  format: 'der',
  type: 'spki',
});
const parsed = receipts.map((r) => JSON.parse(r) as { entry: string; inclusionProof: string[] });
const proofSteps = parsed.map((r) => r.inclusionProof.length);
const entryBytes = parsed.map((r) => Buffer.from(r.entry, 'base64'));
const baseline = perSecond((i) => {
  const k = i % RECEIPTS;
  verify(null, message, publicKey, signature);
  let h = hash('sha256', entryBytes[k]!, 'buffer');
  for (let s = 0; s < proofSteps[k]!; s++) h = hash('sha256', Buffer.concat([h, h]), 'buffer');
});

const verifier = parseVerifierKey(key.verifierKey);
// A fresh verifier per receipt: every checkpoint signature is checked (receipts from many checkpoints).
const everySignature = perSecond((i) => verifyReceipt(JSON.parse(receipts[i % RECEIPTS]!), parseVerifierKey(key.verifierKey)));
// The key as text: verifiers are kept per key, so a checkpoint shared by many receipts is checked once.
const withKeyText = perSecond((i) => verifyReceipt(JSON.parse(receipts[i % RECEIPTS]!), key.verifierKey));
const withParsedKey = perSecond((i) => verifyReceipt(JSON.parse(receipts[i % RECEIPTS]!), verifier));

const fmt = (n: number) => Math.round(n).toLocaleString('en').padStart(9);
const meanSteps = proofSteps.reduce((a, b) => a + b, 0) / RECEIPTS;
console.log(`Receipt verification, one core, log of ${LOG_SIZE.toLocaleString('en')} entries (${meanSteps.toFixed(1)} proof hashes on average):`);
console.log(`  baseline: Ed25519 verify + SHA-256 of the same bytes  ${fmt(baseline)} /s`);
console.log(`  verifyReceipt, every checkpoint signature checked     ${fmt(everySignature)} /s  (${((everySignature / baseline) * 100).toFixed(0)}% of baseline)`);
console.log(`  verifyReceipt, key as text, shared checkpoint         ${fmt(withKeyText)} /s  (${((withKeyText / baseline) * 100).toFixed(0)}% of baseline)`);
console.log(`  verifyReceipt, key parsed once, shared checkpoint     ${fmt(withParsedKey)} /s  (${((withParsedKey / baseline) * 100).toFixed(0)}% of baseline)`);
console.log(`  goal                                                  ${fmt(GOAL)} /s`);
