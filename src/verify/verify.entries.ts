/**
 * `--entries`: every entry bundle re-hashed against the level-0 tile it belongs to. The tiles are
 * authenticated first (they recompute to the signed root), so a bundle that does not match was
 * altered, reordered, truncated or padded by whoever serves it.
 */
import { decodeEntryBundle } from '../kernel/trust/tlog/bundles.js';
import { bytesEqual } from '../kernel/trust/tlog/encoding.js';
import { isTlogError } from '../kernel/trust/tlog/errors.js';
import { leafHash } from '../kernel/trust/tlog/rfc6962.js';
import { tileHashes } from '../kernel/trust/tlog/tile-hashes.js';
import { TILE_WIDTH, tileWidthFor } from '../kernel/trust/tlog/tiles.js';
import type { HttpTileLog } from './verify.fetch.js';
import { VerifyFailure } from './verify.errors.js';

/** Checks every bundle of a log of `size` entries, one bundle at a time; returns how many entries were checked. */
export async function checkAllEntryBundles(log: HttpTileLog, size: number): Promise<number> {
  let checked = 0;
  for (let index = 0; index * TILE_WIDTH < size; index++) {
    const width = tileWidthFor(0, index, size);
    const [{ bytes, isFull }, tile] = await Promise.all([log.readEntryBundle(index, width), log.readTile(0, index, width)]);
    checkEntryBundle(index, width, isFull ? decodeBundle(index, bytes, TILE_WIDTH).slice(0, width) : decodeBundle(index, bytes, width), tile);
    checked += width;
  }
  return checked;
}

function decodeBundle(index: number, bytes: Uint8Array, width: number): Uint8Array[] {
  try {
    return decodeEntryBundle(bytes, width);
  } catch (error) {
    if (!isTlogError(error)) throw error;
    throw new VerifyFailure('failed', `Tampered entry bundle ${index}: ${error.message} It was truncated, padded or altered.`);
  }
}

/**
 * Compares a bundle's entries with the tile's leaf hashes, position by position. An entry whose
 * hash belongs elsewhere in the tile means the bundle was reordered; one whose hash is nowhere in
 * the tile means the entry itself was changed.
 */
export function checkEntryBundle(index: number, width: number, entries: readonly Uint8Array[], tile: Uint8Array): void {
  const leaves = tileHashes(tile, width);
  for (let i = 0; i < entries.length; i++) {
    const hash = leafHash(entries[i]!);
    if (bytesEqual(hash, leaves[i]!)) continue;
    const entryNumber = index * TILE_WIDTH + i;
    const elsewhere = leaves.findIndex((leaf) => bytesEqual(leaf, hash));
    if (elsewhere >= 0) {
      throw new VerifyFailure(
        'failed',
        `Reordered entry bundle ${index}: entry ${entryNumber} holds what the log signed as entry ${index * TILE_WIDTH + elsewhere}. ` +
          'The server changed the order of the entries it serves.',
      );
    }
    throw new VerifyFailure(
      'failed',
      `Tampered entry ${entryNumber}: its bytes do not hash to the leaf the log signed. The server altered the entry it serves.`,
    );
  }
}
