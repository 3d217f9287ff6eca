/**
 * C2SP tlog-tiles geometry: tile coordinates, paths, which tiles exist for a tree size, and Go
 * sumdb/tlog's stored-hash indexing. Tiles are 2^8 = 256 hashes wide; the geometry functions take
 * a height only so tests can exercise many tile levels with small trees.
 */
import { malformed } from './errors.js';

/** Tile height of C2SP tlog-tiles: full tiles hold 2^8 hashes. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
/** Longest entry an entry bundle can hold (uint16 length prefix). */
export const MAX_ENTRY_SIZE = 0xffff;

/** A tile (or entry bundle) and how many hashes (entries) it holds; width 256 is a full tile. */
export interface TileCoord {
  level: number;
  index: number;
  width: number;
}

/** `1234067` → `x001/x234/067`: 3-digit groups, all but the last prefixed with `x`. */
export function formatTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw malformed('A tile index must be a non-negative integer.');
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = digits.match(/\d{3}/g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

const widthSuffix = (width: number) => {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw malformed('A tile width must be 1 to 256.');
  return width === TILE_WIDTH ? '' : `.p/${width}`;
};

/** `tile/<L>/<N>[.p/<W>]`, relative to the log prefix. */
export function tilePath({ level, index, width }: TileCoord): string {
  if (!Number.isInteger(level) || level < 0 || level > 63) throw malformed('A tile level must be 0 to 63.');
  return `tile/${level}/${formatTileIndex(index)}${widthSuffix(width)}`;
}

/** `tile/entries/<N>[.p/<W>]`, relative to the log prefix. */
export function entryBundlePath(index: number, width: number): string {
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

export type ParsedTilePath = ({ kind: 'tile' } & TileCoord) | { kind: 'entries'; index: number; width: number };

const TILE_PATH = /^tile\/(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*\d{3})(?:\.p\/([1-9]\d{0,2}))?$/;

/** Parses a tile or entry-bundle path, refusing every spelling but the canonical one. */
export function parseTilePath(path: string): ParsedTilePath {
  const match = TILE_PATH.exec(path);
  if (!match) throw malformed(`"${path}" is not a tile path.`);
  const [, levelText, indexText, widthText] = match;
  const index = Number(indexText!.replaceAll('x', '').replaceAll('/', ''));
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (!Number.isSafeInteger(index) || formatTileIndex(index) !== indexText) throw malformed(`"${path}" has a non-canonical index.`);
  if (widthText !== undefined && width >= TILE_WIDTH) throw malformed(`"${path}" has a partial width over 255.`);
  if (levelText === 'entries') return { kind: 'entries', index, width };
  const level = Number(levelText);
  if (level > 63) throw malformed(`"${path}" has a level over 63.`);
  return { kind: 'tile', level, index, width };
}

/** How many hashes level `level` holds for a tree of `size` leaves: one per full subtree below. */
export const hashCountAt = (level: number, size: number, height = TILE_HEIGHT): number =>
  Math.floor(size / 2 ** (height * level));

/** The width of tile (level, index) for a tree of `size`, or 0 when it does not exist. */
export function tileWidthFor(level: number, index: number, size: number, height = TILE_HEIGHT): number {
  const remaining = hashCountAt(level, size, height) - index * 2 ** height;
  return Math.max(0, Math.min(2 ** height, remaining));
}

/** Every tile a tree of `size` has, level by level, left to right (partial tiles last). */
export function* tilesForSize(size: number, height = TILE_HEIGHT): Generator<TileCoord> {
  for (let level = 0; hashCountAt(level, size, height) > 0; level++) {
    const count = hashCountAt(level, size, height);
    for (let index = 0; index * 2 ** height < count; index++) {
      yield { level, index, width: tileWidthFor(level, index, size, height) };
    }
  }
}

/** The partial tiles a tree of `size` has (the ones a checkpoint at that size makes necessary). */
export const partialTilesForSize = (size: number, height = TILE_HEIGHT): TileCoord[] => {
  const out: TileCoord[] = [];
  for (let level = 0; hashCountAt(level, size, height) > 0; level++) {
    const count = hashCountAt(level, size, height);
    const width = count % 2 ** height;
    if (width > 0) out.push({ level, index: Math.floor(count / 2 ** height), width });
  }
  return out;
};

/**
 * Go sumdb/tlog's stored-hash index: the position of the hash of perfect subtree (level, n) in the
 * order a log appends hashes (each leaf hash, then every subtree hash that leaf completes).
 */
export function storedHashIndex(level: number, n: number): number {
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

const trailingOnes = (x: number) => {
  let count = 0;
  for (; x % 2 === 1; x = Math.floor(x / 2)) count++;
  return count;
};

/** The inverse of `storedHashIndex`. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  // Leaf n sits at storedHashIndex(0, n) = 2n - popcount(n) ≤ 2n, so start from index / 2.
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  while (indexN > index) indexN = storedHashIndex(0, --n);
  for (;;) {
    const next = indexN + 1 + trailingOnes(n);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: Math.floor(n / 2 ** level) };
}

/** How many hashes a log of `size` leaves has stored. */
export function storedHashCount(size: number): number {
  if (size === 0) return 0;
  return storedHashIndex(0, size - 1) + 1 + trailingOnes(size - 1);
}
