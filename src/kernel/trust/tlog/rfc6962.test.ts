import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryTileLog } from './memory-log.js';
import {
  consistencyPlan,
  EMPTY_ROOT,
  leafHash,
  merkleTreeHash,
  proveConsistency,
  proveInclusion,
  memorySubtreeSource,
  verifyConsistencyProof,
  verifyInclusionProof,
  type Hash,
} from './rfc6962.js';
import { consistencyProofFromTiles, inclusionProofFromTiles, treeHashFromTiles } from './tile-hashes.js';

// A naive recomputation straight from RFC 6962 §2.1 (MTH, PATH, SUBPROOF over D[lo:hi]), with its
// own hashing, to check against. Subtree hashes are memoised per range only to keep the suite fast.
const h = (...parts: Uint8Array[]) => parts.reduce((s, p) => s.update(p), createHash('sha256')).digest();
const largestPowerBelow = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
function naiveTree(d: Hash[]) {
  const memo = new Map<string, Hash>();
  const mth = (lo: number, hi: number): Hash => {
    if (hi - lo === 0) return h();
    if (hi - lo === 1) return d[lo]!;
    const key = `${lo}:${hi}`;
    let hash = memo.get(key);
    if (!hash) {
      const k = largestPowerBelow(hi - lo);
      memo.set(key, (hash = h(Uint8Array.of(1), mth(lo, lo + k), mth(lo + k, hi))));
    }
    return hash;
  };
  const path = (m: number, lo: number, hi: number): Hash[] => {
    if (hi - lo <= 1) return [];
    const k = largestPowerBelow(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  const subproof = (m: number, lo: number, hi: number, b: boolean): Hash[] => {
    if (m === hi - lo) return b ? [] : [mth(lo, hi)];
    const k = largestPowerBelow(hi - lo);
    return m <= k ? [...subproof(m, lo, lo + k, b), mth(lo + k, hi)] : [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return {
    root: (size = d.length) => mth(0, size),
    path: (m: number) => path(m, 0, d.length),
    proof: (m: number) => (m === d.length ? [] : subproof(m, 0, d.length, true)),
  };
}
const naiveMth = (d: Hash[]) => naiveTree(d).root();

const entry = (i: number) => Buffer.from(`entry ${i}`);
const naiveLeaves = (n: number) => Array.from({ length: n }, (_, i) => h(Uint8Array.of(0), entry(i)));
const hex = (hashes: Hash[]) => hashes.map((x) => Buffer.from(x).toString('hex'));
const flip = (x: Hash) => Uint8Array.from(x, (b, i) => (i === 0 ? b ^ 1 : b));

/** A log of `size` entries appended in the given batch sizes (so tiles see uneven growth). */
async function buildLog(size: number, batches: number[], height?: number): Promise<MemoryTileLog> {
  const log = new MemoryTileLog({ height });
  let b = 0;
  while (log.size < size) {
    const count = Math.min(size - log.size, batches[b++ % batches.length]!);
    await log.append(Array.from({ length: count }, (_, i) => entry(log.size + i)));
  }
  return log;
}

const treeArb = fc
  .integer({ min: 1, max: 2000 })
  .chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n }), index: fc.nat(n - 1), batches: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 5 }) }));

describe('RFC 6962 hashing', () => {
  it('matches the RFC 6962 reference tree roots for the 8-leaf test data', () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const leaves = data.map((d) => leafHash(Buffer.from(d, 'hex')));
    roots.forEach((root, i) => assert.equal(Buffer.from(merkleTreeHash(leaves.slice(0, i + 1))).toString('hex'), root));
    assert.equal(Buffer.from(EMPTY_ROOT).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('produces the reference consistency proof from 2 to 5 leaves', async () => {
    const data = ['', '00', '10', '2021', '3031'];
    const proof = await proveConsistency(2, 5, memorySubtreeSource(data.map((d) => leafHash(Buffer.from(d, 'hex')))));
    assert.deepEqual(hex(proof), [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });
});

describe('inclusion proofs from tiles', () => {
  it('match a naive recomputation, verify, and fail when tampered with (sizes 1..2000)', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ n, index, batches }) => {
        const log = await buildLog(n, batches);
        const leaves = naiveLeaves(n);
        const naive = naiveTree(leaves);
        const root = await treeHashFromTiles(n, log);
        assert.deepEqual(hex([root]), hex([naive.root()]));
        const proof = await inclusionProofFromTiles(index, n, log);
        assert.deepEqual(hex(proof), hex(naive.path(index)));
        assert.ok(verifyInclusionProof(index, n, leaves[index]!, proof, root));
        assert.ok(!verifyInclusionProof(index, n, flip(leaves[index]!), proof, root), 'tampered leaf');
        assert.ok(!verifyInclusionProof((index + 1) % n, n, leaves[index]!, proof, root) || n === 1, 'wrong index');
        assert.ok(!verifyInclusionProof(index, n, leaves[index]!, proof, flip(root)), 'wrong root');
        assert.ok(!verifyInclusionProof(index, n, leaves[index]!, [...proof, leaves[0]!], root), 'extended proof');
        if (proof.length > 0) {
          assert.ok(!verifyInclusionProof(index, n, leaves[index]!, proof.slice(0, -1), root), 'truncated proof');
          const i = index % proof.length;
          assert.ok(!verifyInclusionProof(index, n, leaves[index]!, proof.map((p, j) => (j === i ? flip(p) : p)), root), 'tampered proof');
        }
      }),
      { numRuns: 30 },
    );
  });

  it('rejects an index outside the tree', () => {
    const leaves = naiveLeaves(4);
    assert.equal(verifyInclusionProof(4, 4, leaves[0]!, [], naiveMth(leaves)), false);
    assert.equal(verifyInclusionProof(-1, 4, leaves[0]!, [], naiveMth(leaves)), false);
  });
});

describe('consistency proofs from tiles', () => {
  it('match a naive recomputation, verify, and fail when tampered with (random m ≤ n ≤ 2000)', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ n, m, batches }) => {
        const log = await buildLog(n, batches);
        const naive = naiveTree(naiveLeaves(n));
        const oldRoot = naive.root(m);
        const newRoot = naive.root();
        const proof = await consistencyProofFromTiles(m, n, log);
        assert.deepEqual(hex(proof), hex(naive.proof(m)));
        assert.ok(verifyConsistencyProof(m, n, oldRoot, newRoot, proof));
        assert.ok(!verifyConsistencyProof(m, n, flip(oldRoot), newRoot, proof), 'wrong old root');
        assert.ok(!verifyConsistencyProof(m, n, oldRoot, flip(newRoot), proof), 'wrong new root');
        if (proof.length > 0) {
          assert.ok(!verifyConsistencyProof(m, n, oldRoot, newRoot, proof.slice(0, -1)), 'truncated proof');
          assert.ok(!verifyConsistencyProof(m, n, oldRoot, newRoot, [...proof, newRoot]), 'extended proof');
          assert.ok(!verifyConsistencyProof(m, n, oldRoot, newRoot, [flip(proof[0]!), ...proof.slice(1)]), 'tampered proof');
        }
        if (m > 1) assert.ok(!verifyConsistencyProof(m - 1, n, oldRoot, newRoot, proof), 'wrong old size');
      }),
      { numRuns: 30 },
    );
  });

  it('treats equal sizes and the empty tree as the RFC requires', () => {
    const root = naiveMth(naiveLeaves(5));
    assert.ok(verifyConsistencyProof(5, 5, root, root, []));
    assert.ok(!verifyConsistencyProof(5, 5, root, flip(root), []), 'fork at one size');
    assert.ok(verifyConsistencyProof(0, 5, EMPTY_ROOT, root, []));
    assert.ok(!verifyConsistencyProof(6, 5, root, root, []), 'shrinking tree');
    assert.deepEqual(consistencyPlan(0, 5), []);
  });
});

describe('tiles at several levels', () => {
  it('give the same roots and proofs as memory with 4-hash tiles (up to six tile levels)', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ n, m, index, batches }) => {
        const log = await buildLog(n, batches, 2);
        const leaves = naiveLeaves(n);
        const memory = memorySubtreeSource(leaves);
        assert.deepEqual(hex([await treeHashFromTiles(n, log, { height: 2 })]), hex([naiveMth(leaves)]));
        assert.deepEqual(hex(await inclusionProofFromTiles(index, n, log, { height: 2 })), hex(await proveInclusion(index, n, memory)));
        assert.deepEqual(hex(await consistencyProofFromTiles(m, n, log, { height: 2 })), hex(await proveConsistency(m, n, memory)));
      }),
      { numRuns: 20 },
    );
  });
});
