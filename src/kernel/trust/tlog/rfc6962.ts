/**
 * RFC 6962 Merkle tree hashing, and inclusion and consistency proofs (generated per RFC 6962
 * §2.1.1/§2.1.2, verified per RFC 9162 §2.1.3.2/§2.1.4.2).
 *
 * Sizes and indexes are plain numbers and the code uses arithmetic, never 32-bit bitwise
 * operators, so it stays correct up to 2^53 entries.
 */
import { bytesEqual, sha256 } from './encoding.js';
import { malformed } from './errors.js';

export type Hash = Uint8Array;
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export const leafHash = (entry: Uint8Array): Hash => sha256(LEAF_PREFIX, entry);
// One scratch buffer for 0x01 || left || right: hashing is synchronous, so it is never shared.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(NODE_PREFIX, left, right);
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256(nodeInput);
}
/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

/** A perfect subtree: the `2^level` leaves starting at `index * 2^level`. */
export interface Subtree {
  level: number;
  index: number;
}

/** The largest power of two strictly below `n` (n > 1): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Splits [start, end) into maximal aligned perfect subtrees, left to right. */
export function subtreesOfRange(start: number, end: number): Subtree[] {
  const out: Subtree[] = [];
  while (start < end) {
    let size = 1;
    let level = 0;
    while (start % (size * 2) === 0 && start + size * 2 <= end) [size, level] = [size * 2, level + 1];
    out.push({ level, index: start / size });
    start += size;
  }
  return out;
}

/** MTH of a range from its perfect subtrees: RFC 6962 hashes a ragged right edge right to left. */
export function foldSubtreeHashes(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** MTH(D[n]) over leaf hashes held in memory. */
export function merkleTreeHash(leafHashes: readonly Hash[]): Hash {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  const hashRange = (lo: number, hi: number): Hash => {
    if (hi - lo === 1) return leafHashes[lo]!;
    const k = splitPoint(hi - lo);
    return nodeHash(hashRange(lo, lo + k), hashRange(lo + k, hi));
  };
  return hashRange(0, leafHashes.length);
}

/** Each proof element is the MTH of a range, given as the perfect subtrees that make it up. */
export type ProofPlan = Subtree[][];

function checkSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw malformed(`${what} must be a non-negative integer.`);
}

/** PATH(index, D[size]) as ranges (RFC 6962 §2.1.1). */
export function inclusionPlan(index: number, size: number): ProofPlan {
  checkSize(index, 'The leaf index');
  checkSize(size, 'The tree size');
  if (index >= size) throw malformed(`Leaf ${index} is not in a tree of size ${size}.`);
  const plan: ProofPlan = [];
  const path = (lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      path(lo, mid);
      plan.push(subtreesOfRange(mid, hi));
    } else {
      path(mid, hi);
      plan.push(subtreesOfRange(lo, mid));
    }
  };
  path(0, size);
  return plan;
}

/** PROOF(m, D[n]) as ranges (RFC 6962 §2.1.2); empty when m is 0 or m equals n. */
export function consistencyPlan(m: number, n: number): ProofPlan {
  checkSize(m, 'The old tree size');
  checkSize(n, 'The new tree size');
  if (m > n) throw malformed(`A tree of size ${m} cannot be a prefix of one of size ${n}.`);
  const plan: ProofPlan = [];
  if (m === 0 || m === n) return plan;
  const subproof = (count: number, lo: number, hi: number, isStart: boolean): void => {
    if (count === hi - lo) {
      if (!isStart) plan.push(subtreesOfRange(lo, hi));
      return;
    }
    const k = splitPoint(hi - lo);
    if (count <= k) {
      subproof(count, lo, lo + k, isStart);
      plan.push(subtreesOfRange(lo + k, hi));
    } else {
      subproof(count - k, lo + k, hi, false);
      plan.push(subtreesOfRange(lo, lo + k));
    }
  };
  subproof(m, 0, n, true);
  return plan;
}

/** Where perfect-subtree hashes come from: memory, tiles, a database. */
export interface SubtreeHashSource {
  /** Hashes of the given perfect subtrees, in the same order. */
  readSubtreeHashes(subtrees: readonly Subtree[]): Promise<Hash[]>;
}

/** Reads every subtree a plan needs in one batch, then folds each element. */
export async function resolvePlan(plan: ProofPlan, source: SubtreeHashSource): Promise<Hash[]> {
  const hashes = await source.readSubtreeHashes(plan.flat());
  let at = 0;
  return plan.map((parts) => foldSubtreeHashes(hashes.slice(at, (at += parts.length))));
}

export async function treeHash(size: number, source: SubtreeHashSource): Promise<Hash> {
  checkSize(size, 'The tree size');
  const [root] = await resolvePlan([subtreesOfRange(0, size)], source);
  return root!;
}

export const proveInclusion = (index: number, size: number, source: SubtreeHashSource): Promise<Hash[]> =>
  resolvePlan(inclusionPlan(index, size), source);

export const proveConsistency = (m: number, n: number, source: SubtreeHashSource): Promise<Hash[]> =>
  resolvePlan(consistencyPlan(m, n), source);

/** A source over leaf hashes in memory; each subtree is hashed on demand. */
export function memorySubtreeSource(leafHashes: readonly Hash[]): SubtreeHashSource {
  return {
    readSubtreeHashes: async (subtrees) =>
      subtrees.map(({ level, index }) => {
        const width = 2 ** level;
        if ((index + 1) * width > leafHashes.length) throw malformed('The subtree is beyond the end of the tree.');
        return merkleTreeHash(leafHashes.slice(index * width, (index + 1) * width));
      }),
  };
}

const isHash = (h: Hash) => h.length === HASH_SIZE;
const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);
function isPowerOfTwo(x: number): boolean {
  let p = 1;
  while (p < x) p *= 2;
  return p === x;
}

/** RFC 9162 §2.1.3.2. True when `proof` shows leaf `index` with `leaf` hash is in the tree `root`. */
export function verifyInclusionProof(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2. True when `proof` shows the tree of size `m` with root `oldRoot` is a prefix
 * of the tree of size `n` with root `newRoot`. Equal sizes need an empty proof and equal roots;
 * every tree extends the empty tree.
 */
export function verifyConsistencyProof(m: number, n: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (m === n) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (m === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY_ROOT);
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}
