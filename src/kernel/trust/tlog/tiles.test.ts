import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { appendEntryBundles, decodeEntryBundle, encodeEntryBundle } from './bundles.js';
import { isTlogError } from './errors.js';
import { MemoryTileLog } from './memory-log.js';
import { leafHash, merkleTreeHash } from './rfc6962.js';
import { auditTiles, tileHashes, treeHashFromTiles, verifyEntryBundle } from './tile-hashes.js';
import {
  entryBundlePath,
  formatTileIndex,
  parseTilePath,
  partialTilesForSize,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  tilePath,
  tilesForSize,
} from './tiles.js';

const isMalformed = (error: unknown) => isTlogError(error, 'malformed');
const isMismatch = (error: unknown) => isTlogError(error, 'proof_mismatch');

describe('tile paths', () => {
  it('write N in 3-digit groups with x prefixes, as C2SP shows', () => {
    assert.equal(formatTileIndex(1234067), 'x001/x234/067');
    assert.equal(formatTileIndex(0), '000');
    assert.equal(formatTileIndex(999), '999');
    assert.equal(formatTileIndex(1000), 'x001/000');
    assert.equal(tilePath({ level: 0, index: 1234067, width: 256 }), 'tile/0/x001/x234/067');
    assert.equal(tilePath({ level: 2, index: 5, width: 17 }), 'tile/2/005.p/17');
    assert.equal(entryBundlePath(0, 112), 'tile/entries/000.p/112');
    assert.equal(entryBundlePath(1000, 256), 'tile/entries/x001/000');
  });

  it('parse back to what was formatted, for any level, index and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.maxSafeNat(), fc.integer({ min: 1, max: 256 }), (level, index, width) => {
        assert.deepEqual(parseTilePath(tilePath({ level, index, width })), { kind: 'tile', level, index, width });
        assert.deepEqual(parseTilePath(entryBundlePath(index, width)), { kind: 'entries', index, width });
      }),
      { numRuns: 300 },
    );
  });

  it('refuse every non-canonical or out-of-range spelling', () => {
    const bad = [
      'tile/0/1', 'tile/0/0001', 'tile/0/x000/001', 'tile/0/x001', 'tile/0/001/002', 'tile/00/000', 'tile/01/000',
      'tile/64/000', 'tile/-1/000', 'tile/0/000.p/0', 'tile/0/000.p/256', 'tile/0/000.p/007', 'tile/0/000.p/',
      'tile/0/000.p/1000', '/tile/0/000', 'tile/0/000/', 'tile/entries/x1000/000', 'tile/entries/000.p/300',
      'tile/0/X001/000', 'tile/8/0/000', 'tile/ 0/000', 'tile/0/x009/x007/x199/x254/x740/993', 'tile/data/000',
    ];
    for (const path of bad) assert.throws(() => parseTilePath(path), isMalformed, path);
  });
});

describe('which tiles exist', () => {
  it('matches the C2SP example for a tree of 70,000 entries', () => {
    const tiles = [...tilesForSize(70_000)];
    const count = (level: number, full: boolean) => tiles.filter((t) => t.level === level && (t.width === 256) === full).length;
    assert.equal(count(0, true), 273);
    assert.deepEqual(partialTilesForSize(70_000), [
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    assert.equal(count(1, true), 1);
    assert.equal(tiles.length, 273 + 1 + 1 + 1 + 1);
    assert.deepEqual([...tilesForSize(256)], [{ level: 0, index: 0, width: 256 }, { level: 1, index: 0, width: 1 }]);
    assert.deepEqual([...tilesForSize(0)], []);
  });

  it('are exactly the tiles a log writes, and recompute its root (70,000 entries, three levels)', async () => {
    const log = new MemoryTileLog();
    const entries = Array.from({ length: 70_000 }, (_, i) => Buffer.from(`e${i}`));
    for (let at = 0; at < entries.length; at += 9_000) await log.append(entries.slice(at, at + 9_000));
    for (const t of tilesForSize(70_000)) assert.ok(log.tiles.has(`${t.level}/${t.index}/${t.width}`), tilePath(t));
    const leaves = tileHashes(await log.readTile(0, 3, 256), 256);
    assert.deepEqual(leaves[5], leafHash(entries[3 * 256 + 5]!));
    const level1 = tileHashes(await log.readTile(1, 0, 256), 256);
    assert.deepEqual(level1[3], merkleTreeHash(leaves), 'a level-1 hash is the root of a full level-0 tile');
    const allLeaves = [...tilesForSize(70_000)].filter((t) => t.level === 0).flatMap((t) => log.tiles.get(`0/${t.index}/${t.width}`)!);
    const leafHashes = allLeaves.flatMap((data) => tileHashes(data, data.length / 32));
    assert.deepEqual(leafHashes[69_999], leafHash(entries[69_999]!));
    assert.deepEqual(await treeHashFromTiles(70_000, log), merkleTreeHash(leafHashes));
  });
});

describe('stored hash indexing (Go sumdb/tlog)', () => {
  it('numbers hashes in append order and splits back', () => {
    let next = 0;
    for (let n = 0; n < 3000; n++) {
      // Appending leaf n stores its hash, then one hash for each subtree it completes.
      for (let level = 0; level === 0 || (n + 1) % 2 ** level === 0; level++) {
        const index = storedHashIndex(level, Math.floor(n / 2 ** level));
        assert.equal(index, next++);
        assert.deepEqual(splitStoredHashIndex(index), { level, n: Math.floor(n / 2 ** level) });
      }
      assert.equal(storedHashCount(n + 1), next);
    }
  });
});

describe('entry bundles', () => {
  const entriesArb = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 });

  it('decode to the entries encoded', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const decoded = decodeEntryBundle(encodeEntryBundle(entries), entries.length);
        assert.deepEqual(decoded.map((e) => Buffer.from(e)), entries.map((e) => Buffer.from(e)));
      }),
      { numRuns: 100 },
    );
    const big = new Uint8Array(65_535).fill(7);
    assert.deepEqual(Buffer.from(decodeEntryBundle(encodeEntryBundle([big]), 1)[0]!), Buffer.from(big));
  });

  it('refuse a truncated bundle at any cut', () => {
    fc.assert(
      fc.property(entriesArb.filter((e) => e.length > 0), fc.nat(), (entries, cut) => {
        const bundle = encodeEntryBundle(entries);
        const truncated = bundle.subarray(0, cut % bundle.length);
        assert.throws(() => decodeEntryBundle(truncated, entries.length), isMalformed);
      }),
      { numRuns: 100 },
    );
  });

  it('refuse entries over 65,535 bytes and more than 256 entries', () => {
    assert.throws(() => encodeEntryBundle([new Uint8Array(65_536)]), isMalformed);
    assert.throws(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(1))), isMalformed);
    assert.throws(() => decodeEntryBundle(new Uint8Array(257 * 2)), isMalformed);
  });

  it('grow across appends exactly like bundling the whole log at once', async () => {
    const entries = Array.from({ length: 700 }, (_, i) => Buffer.from(`entry ${i}`));
    const store = new Map<string, Uint8Array>();
    const reader = { readEntryBundle: async (index: number, width: number) => store.get(`${index}/${width}`)! };
    for (const [from, to] of [[0, 3], [3, 255], [255, 256], [256, 600], [600, 700]] as const) {
      for (const b of await appendEntryBundles(from, entries.slice(from, to), reader)) store.set(`${b.index}/${b.width}`, b.data);
    }
    assert.deepEqual(store.get('0/256'), encodeEntryBundle(entries.slice(0, 256)));
    assert.deepEqual(store.get('2/188'), encodeEntryBundle(entries.slice(512, 700)));
    assert.deepEqual(store.get('2/88'), encodeEntryBundle(entries.slice(512, 600)));
  });
});

describe('auditing a whole log', () => {
  const entries = Array.from({ length: 300 }, (_, i) => Buffer.from(`entry ${i}`));

  it('recomputes the root from every tile and detects a changed full tile', async () => {
    const log = new MemoryTileLog({ height: 2 });
    for (let at = 0; at < entries.length; at += 37) await log.append(entries.slice(at, at + 37));
    const root = merkleTreeHash(entries.map(leafHash));
    assert.deepEqual(await auditTiles(300, log, { height: 2 }), root);
    const key = '1/5/4';
    const tile = Uint8Array.from(log.tiles.get(key)!);
    tile[0]! ^= 1;
    log.tiles.set(key, tile);
    await assert.rejects(auditTiles(300, log, { height: 2 }), isMismatch);
  });

  it('checks entry bundles against their level-0 tile, so a reordered bundle is caught', async () => {
    const log = new MemoryTileLog();
    await log.append(entries);
    const [bundle, tile] = [await log.readEntryBundle(1, 44), await log.readTile(0, 1, 44)];
    assert.equal(verifyEntryBundle(bundle, tile, 44).length, 44);
    const reordered = encodeEntryBundle([entries[257]!, entries[256]!, ...entries.slice(258)]);
    assert.throws(() => verifyEntryBundle(reordered, tile, 44), isMismatch);
    assert.throws(() => verifyEntryBundle(bundle.subarray(0, bundle.length - 1), tile, 44), isMalformed);
  });
});
