/**
 * `npm run bench:opening`: opens a multiple-reserve-price tender of BENCH_BIDS sealed bids (default
 * 5,000): rebuild the opening key from 2 of 3 released shares, then for every bid check its
 * commitment, verify the vendor's signature over it, decrypt it and check it is the vendor's own,
 * then compute the planned price, rank and serialise the full public result. Printed beside the
 * bare cryptography for the same bids in the same run (ECDH + Concat KDF + AES-GCM + ECDSA
 * verify with node:crypto alone). Goal (issue 7): under 1 s on this 2-core machine. It prints
 * figures; it never fails on a number.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createDecipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, randomInt, verify, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { award, type OpenedBid } from '../src/modules/procurement/domain/award.js';
import { drawReservePrices } from '../src/modules/procurement/domain/reserve-price.js';
import { openSealedBids, stopOpeningWorkers, warmOpeningWorkers, type SealedSubmission } from '../src/modules/procurement/domain/opening.js';
import { bidCommitment, createOpeningKey, openShare, recoverOpeningKey, sealBid, type EcPublicJwk } from '../src/modules/procurement/domain/sealing.js';

const BIDS = Number(process.env.BENCH_BIDS ?? 5_000);
const TENDER = 'tnd_benchroads01';
const GOAL_MS = 1_000;

function p256(): { privateKey: KeyObject; publicKey: KeyObject; publicJwk: EcPublicJwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

console.log(`Sealing ${BIDS.toLocaleString('en')} bids…`);
const holders = ['off_a', 'off_b', 'off_c'].map((holderId) => ({ holderId, ...p256() }));
const setup = await createOpeningKey(holders.map(({ holderId, publicJwk }) => ({ holderId, publicJwk })), 2);
const reservePrices = drawReservePrices({ baseAmount: 1_000_000_000, bandBasisPoints: 200 });
const encoder = new TextEncoder();
const submissions: (SealedSubmission & { signature: string; vendorKey: KeyObject; submittedAt: Date })[] = [];
for (let i = 0; i < BIDS; i++) {
  const vendorId = `ven_bench${String(i).padStart(6, '0')}`;
  const vendor = p256();
  const first = randomInt(1, 16);
  const second = ((first + randomInt(1, 15) - 1) % 15) + 1;
  const sealed = await sealBid(
    { tenderId: TENDER, vendorId, price: 870_000_000 + randomInt(0, 80_000_000), picks: [first, second], documents: [], nonce: randomBytes(16).toString('base64url') },
    setup.publicJwk,
  );
  const commitment = bidCommitment(sealed);
  const signature = await new CompactSign(encoder.encode(JSON.stringify({ tenderId: TENDER, vendorId, commitment })))
    .setProtectedHeader({ alg: 'ES256' })
    .sign(vendor.privateKey);
  submissions.push({ vendorId, sealed, commitment, statementJws: signature, signerJwk: { ...vendor.publicJwk }, signature, vendorKey: vendor.publicKey, submittedAt: new Date(Date.UTC(2026, 3, 1, 0, 0, 0, i)) });
}
const released = await Promise.all([0, 2].map((i) => openShare(setup.shares[i]!.jwe, holders[i]!.privateKey)));

async function openTender(threads: number): Promise<{ ms: number; winner: string | undefined; bytes: number }> {
  const started = performance.now();
  const key = await recoverOpeningKey(released, setup.publicJwk, 2);
  const checks = await openSealedBids(submissions, key, TENDER, { threads });
  const opened: OpenedBid[] = [];
  checks.forEach((check, i) => {
    if (!check.ok) throw new Error(check.reason);
    const s = submissions[i]!;
    opened.push({ bidId: s.commitment, vendorId: s.vendorId, price: check.document.price, submittedAt: s.submittedAt, ...(check.document.picks ? { picks: check.document.picks } : {}) });
  });
  const result = award({ kind: 'multiple_reserve_price', reservePrices, floorRateMillis: 87_745 }, opened);
  const published = JSON.stringify({ tenderId: TENDER, reservePrices, result });
  return { ms: performance.now() - started, winner: result.winner?.vendorId, bytes: published.length };
}

/** The same decryptions and signature checks with node:crypto alone: ECDH-ES (Concat KDF) + AES-256-GCM + ECDSA. */
async function bare(): Promise<number> {
  const key = await recoverOpeningKey(released, setup.publicJwk, 2);
  const started = performance.now();
  const algId = Buffer.concat([u32(7), Buffer.from('A256GCM')]);
  const otherInfo = Buffer.concat([algId, u32(0), u32(0), u32(256)]);
  for (const s of submissions) {
    const [header, , iv, ciphertext, tag] = s.sealed.split('.') as [string, string, string, string, string];
    const epk = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { epk: EcPublicJwk }).epk;
    const z = diffieHellman({ privateKey: key, publicKey: createPublicKey({ key: { ...epk }, format: 'jwk' }) });
    const cek = createHash('sha256').update(Buffer.concat([u32(1), z, otherInfo])).digest();
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(header, 'ascii'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    const [sh, sp, sig] = s.signature.split('.') as [string, string, string];
    if (!verify('sha256', Buffer.from(`${sh}.${sp}`), { key: s.vendorKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))) throw new Error('signature');
  }
  return performance.now() - started;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

const threads = availableParallelism();
await warmOpeningWorkers(threads);
await openTender(threads); // warm up
const runs = [await openTender(threads), await openTender(threads), await openTender(threads)];
const oneThread = [await openTender(1), await openTender(1), await openTender(1)];
const bareRuns = [await bare(), await bare(), await bare()];
await stopOpeningWorkers();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
const openMs = median(runs.map((r) => r.ms));
const oneMs = median(oneThread.map((r) => r.ms));
const bareMs = median(bareRuns);
const row = (label: string, ms: number) => console.log(`  ${label.padEnd(78)}${ms.toFixed(0).padStart(7)} ms`);
console.log(`\nOpening a multiple-reserve-price tender of ${BIDS.toLocaleString('en')} sealed bids (median of 3; ${threads} cores, load average ${loadavg()[0]!.toFixed(2)}):`);
row(`open on ${threads} threads: rebuild key, commitments, signatures, decrypt, rank, publish`, openMs);
row('the same opening on one thread', oneMs);
row('baseline: the bare ECDH + AES-GCM + ECDSA operations, one thread', bareMs);
console.log(`  ${'opening on all cores against the one-thread bare cryptography'.padEnd(78)}${((openMs / bareMs) * 100).toFixed(0).padStart(7)} %`);
console.log(`  ${'published result'.padEnd(78)}${runs[0]!.bytes.toLocaleString('en').padStart(7)} bytes (winner ${runs[0]!.winner ?? 'none'})`);
console.log(`  ${'goal'.padEnd(78)}< ${GOAL_MS} ms`);
