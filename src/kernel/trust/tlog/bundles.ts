/**
 * C2SP tlog-tiles entry bundles: up to 256 entries, each prefixed by its big-endian uint16 length.
 */
import { malformed } from './errors.js';
import { MAX_ENTRY_SIZE, TILE_WIDTH } from './tiles.js';

export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) throw malformed(`An entry bundle holds at most ${TILE_WIDTH} entries.`);
  const out = Buffer.alloc(entries.reduce((sum, e) => sum + 2 + e.length, 0));
  let at = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) throw malformed(`A log entry is at most ${MAX_ENTRY_SIZE} bytes; this one is ${entry.length}.`);
    at = out.writeUInt16BE(entry.length, at);
    out.set(entry, at);
    at += entry.length;
  }
  return out;
}

/**
 * Decodes a bundle. With `expectedCount` (the width the path promised) a bundle holding more or
 * fewer entries is refused, so a truncated or padded bundle cannot pass for a valid one.
 */
export function decodeEntryBundle(bundle: Uint8Array, expectedCount?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw malformed('The entry bundle ends inside a length prefix.');
    const length = (bundle[at]! << 8) | bundle[at + 1]!;
    at += 2;
    if (at + length > bundle.length) throw malformed('The entry bundle ends inside an entry.');
    entries.push(bundle.subarray(at, at + length));
    at += length;
  }
  if (entries.length > TILE_WIDTH) throw malformed(`An entry bundle holds at most ${TILE_WIDTH} entries.`);
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw malformed(`The entry bundle holds ${entries.length} entries, not ${expectedCount}.`);
  }
  return entries;
}

export interface EntryBundleReader {
  /** The bundle `tile/entries/<index>` as it was with `width` entries. */
  readEntryBundle(index: number, width: number): Promise<Uint8Array>;
}

/** The bundles to write when `newEntries` are appended to a log of `oldSize` entries. */
export async function appendEntryBundles(
  oldSize: number,
  newEntries: readonly Uint8Array[],
  reader: EntryBundleReader,
): Promise<{ index: number; width: number; data: Uint8Array }[]> {
  if (newEntries.length === 0) return [];
  const firstBundle = Math.floor(oldSize / TILE_WIDTH);
  const oldWidth = oldSize % TILE_WIDTH;
  const carried = oldWidth > 0 ? decodeEntryBundle(await reader.readEntryBundle(firstBundle, oldWidth), oldWidth) : [];
  const entries = [...carried, ...newEntries];
  const out = [];
  for (let at = 0; at < entries.length; at += TILE_WIDTH) {
    const slice = entries.slice(at, at + TILE_WIDTH);
    out.push({ index: firstBundle + at / TILE_WIDTH, width: slice.length, data: encodeEntryBundle(slice) });
  }
  return out;
}
