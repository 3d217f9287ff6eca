/**
 * Merkle hashes from tiles: what a client that reads only `tile/<L>/<N>[.p/<W>]` needs to compute a
 * tree's root and any inclusion or consistency proof, and what a sequencer needs to write the tiles
 * for newly appended leaves. Nothing here trusts a tile: callers check the resulting root or proof
 * against a signed checkpoint.
 */
import { decodeEntryBundle } from './bundles.js';
import { bytesEqual } from './encoding.js';
import { malformed, TlogError } from './errors.js';
import {
  consistencyPlan,
  HASH_SIZE,
  inclusionPlan,
  leafHash,
  merkleTreeHash,
  resolvePlan,
  subtreesOfRange,
  type Hash,
  type SubtreeHashSource,
} from './rfc6962.js';
import { hashCountAt, TILE_HEIGHT, tileWidthFor, type TileCoord } from './tiles.js';

export interface TileReader {
  /** The first `width` hashes (width × 32 bytes) of tile (level, index). A full tile may be returned instead of a partial one. */
  readTile(level: number, index: number, width: number): Promise<Uint8Array>;
}

export interface TileOptions {
  /** Tile height; only tests change it from C2SP's 8. */
  height?: number;
}

export interface TileData extends TileCoord {
  data: Uint8Array;
}

const tileKey = (level: number, index: number) => `${level}/${index}`;

/** Splits tile bytes into hashes, checking the reader returned at least `width` of them. */
export function tileHashes(data: Uint8Array, width: number): Hash[] {
  if (data.length % HASH_SIZE !== 0 || data.length < width * HASH_SIZE) {
    throw malformed(`A tile of width ${width} must hold ${width * HASH_SIZE} bytes, not ${data.length}.`);
  }
  return Array.from({ length: width }, (_, i) => data.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

/**
 * Perfect-subtree hashes of a tree of `size` leaves, read from its tiles. Subtree (level, n) is hash
 * n·2^r .. (n+1)·2^r − 1 of tile level ⌊level/h⌋ (r = level mod h), hashed together when r > 0.
 * Each tile is read once per call, all in parallel.
 */
export function tileSubtreeSource(size: number, reader: TileReader, options: TileOptions = {}): SubtreeHashSource {
  const height = options.height ?? TILE_HEIGHT;
  const perTile = 2 ** height;
  return {
    async readSubtreeHashes(subtrees) {
      const located = subtrees.map(({ level, index }) => {
        const tileLevel = Math.floor(level / height);
        const span = 2 ** (level - tileLevel * height);
        const first = index * span;
        const tileIndex = Math.floor(first / perTile);
        const start = first - tileIndex * perTile;
        const width = tileWidthFor(tileLevel, tileIndex, size, height);
        if (start + span > width) throw malformed(`Subtree ${level}/${index} is not in a tree of size ${size}.`);
        return { tileLevel, tileIndex, width, start, span };
      });
      const tiles = new Map<string, Promise<Hash[]>>();
      for (const { tileLevel, tileIndex, width } of located) {
        const key = tileKey(tileLevel, tileIndex);
        if (!tiles.has(key)) tiles.set(key, reader.readTile(tileLevel, tileIndex, width).then((d) => tileHashes(d, width)));
      }
      return Promise.all(
        located.map(async ({ tileLevel, tileIndex, start, span }) => {
          const hashes = await tiles.get(tileKey(tileLevel, tileIndex))!;
          return span === 1 ? hashes[start]! : merkleTreeHash(hashes.slice(start, start + span));
        }),
      );
    },
  };
}

export const treeHashFromTiles = async (size: number, reader: TileReader, options?: TileOptions): Promise<Hash> =>
  (await resolvePlan([subtreesOfRange(0, size)], tileSubtreeSource(size, reader, options)))[0]!;

export const inclusionProofFromTiles = (index: number, size: number, reader: TileReader, options?: TileOptions) =>
  resolvePlan(inclusionPlan(index, size), tileSubtreeSource(size, reader, options));

export const consistencyProofFromTiles = (m: number, n: number, reader: TileReader, options?: TileOptions) =>
  resolvePlan(consistencyPlan(m, n), tileSubtreeSource(n, reader, options));

const concat = (hashes: readonly Hash[]): Uint8Array => Buffer.concat(hashes);

/**
 * The tiles to write when `newLeafHashes` are appended to a tree of `oldSize`: at each level the
 * rightmost tile grows (reading its old partial contents once), and every tile that becomes full
 * contributes its root as a new hash one level up. Partial tiles come out for the new size, as
 * C2SP requires for every checkpointed size.
 */
export async function appendTiles(
  oldSize: number,
  newLeafHashes: readonly Hash[],
  reader: TileReader,
  options: TileOptions = {},
): Promise<TileData[]> {
  const height = options.height ?? TILE_HEIGHT;
  const perTile = 2 ** height;
  const written: TileData[] = [];
  let fresh: readonly Hash[] = newLeafHashes;
  for (let level = 0; fresh.length > 0; level++) {
    const oldCount = Math.floor(oldSize / 2 ** (height * level));
    const firstTile = Math.floor(oldCount / perTile);
    const oldWidth = oldCount - firstTile * perTile;
    const carried = oldWidth > 0 ? tileHashes(await reader.readTile(level, firstTile, oldWidth), oldWidth) : [];
    const hashes = [...carried, ...fresh];
    const above: Hash[] = [];
    for (let at = 0; at < hashes.length; at += perTile) {
      const slice = hashes.slice(at, at + perTile);
      written.push({ level, index: firstTile + at / perTile, width: slice.length, data: concat(slice) });
      if (slice.length === perTile) above.push(merkleTreeHash(slice));
    }
    fresh = above;
  }
  return written;
}

/**
 * Reads every tile of a tree of `size` and checks that each level-(l+1) hash is the root of the
 * full level-l tile below it (`proof_mismatch` if not). Returns the root the tiles lead to: when it
 * equals a signed root, every tile is authenticated. Reads the whole log; for audits and monitors.
 */
export async function auditTiles(size: number, reader: TileReader, options: TileOptions = {}): Promise<Hash> {
  const height = options.height ?? TILE_HEIGHT;
  const perTile = 2 ** height;
  for (let level = 0; hashCountAt(level + 1, size, height) > 0; level++) {
    const parents = hashCountAt(level + 1, size, height);
    for (let parentTile = 0; parentTile * perTile < parents; parentTile++) {
      const width = tileWidthFor(level + 1, parentTile, size, height);
      const above = tileHashes(await reader.readTile(level + 1, parentTile, width), width);
      for (let i = 0; i < width; i++) {
        const index = parentTile * perTile + i;
        const below = tileHashes(await reader.readTile(level, index, perTile), perTile);
        if (!bytesEqual(merkleTreeHash(below), above[i]!)) {
          throw new TlogError('proof_mismatch', `Tile ${level}/${index} does not hash to its entry in the level above.`);
        }
      }
    }
  }
  return treeHashFromTiles(size, reader, options);
}

/** Checks an entry bundle against the level-0 tile it belongs to: same count, each entry hashing to its leaf. */
export function verifyEntryBundle(bundle: Uint8Array, tile: Uint8Array, width: number): Uint8Array[] {
  const entries = decodeEntryBundle(bundle, width);
  const leaves = tileHashes(tile, width);
  entries.forEach((entry, i) => {
    if (!bytesEqual(leafHash(entry), leaves[i]!)) {
      throw new TlogError('proof_mismatch', `Entry ${i} of the bundle does not match its leaf hash: the bundle was altered or reordered.`);
    }
  });
  return entries;
}
