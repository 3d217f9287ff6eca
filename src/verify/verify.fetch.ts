/**
 * Reading any C2SP tlog-tiles log over HTTP: `<url>/checkpoint`, `<url>/tile/<L>/<N>[.p/<W>]` and
 * `<url>/tile/entries/<N>[.p/<W>]`. Nothing here trusts what it reads; callers check it against
 * the signed checkpoint.
 */
import type { TileReader } from '../kernel/trust/tlog/tile-hashes.js';
import { entryBundlePath, TILE_WIDTH, tilePath } from '../kernel/trust/tlog/tiles.js';
import { VerifyFailure } from './verify.errors.js';

const TIMEOUT_MS = 30_000;

/** GETs `url`; `undefined` on 404 when `isOptional` (a partial tile a log may have replaced by the full one). */
export async function fetchBytes(url: string, isOptional = false): Promise<Uint8Array | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: '*/*' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new VerifyFailure('unreachable', `Could not fetch ${url} (${cause}). Check the URL and your connection.`);
  }
  if (response.status === 404 && isOptional) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new VerifyFailure('unreachable', `Fetching ${url} failed with HTTP ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The log's tiles and entry bundles over HTTP, each fetched once. */
export class HttpTileLog implements TileReader {
  private readonly base: string;
  private readonly tiles = new Map<string, Promise<Uint8Array>>();

  constructor(url: string) {
    this.base = url.endsWith('/') ? url : `${url}/`;
  }

  url(path: string): string {
    return new URL(path, this.base).toString();
  }

  async readCheckpoint(): Promise<Uint8Array> {
    return (await fetchBytes(this.url('checkpoint')))!;
  }

  readTile(level: number, index: number, width: number): Promise<Uint8Array> {
    // A full tile answers for every width; a partial one only for its own.
    const full = this.tiles.get(`${level}/${index}/${TILE_WIDTH}`);
    if (full) return full;
    const key = `${level}/${index}/${width}`;
    let tile = this.tiles.get(key);
    if (!tile) {
      tile = this.readWithFallback(tilePath({ level, index, width }), tilePath({ level, index, width: TILE_WIDTH }), width);
      this.tiles.set(key, tile);
    }
    return tile;
  }

  /** The raw bundle bytes for `width` entries (a full bundle when the log no longer serves the partial one). */
  async readEntryBundle(index: number, width: number): Promise<{ bytes: Uint8Array; isFull: boolean }> {
    if (width === TILE_WIDTH) return { bytes: (await fetchBytes(this.url(entryBundlePath(index, width))))!, isFull: true };
    const partial = await fetchBytes(this.url(entryBundlePath(index, width)), true);
    if (partial) return { bytes: partial, isFull: false };
    return { bytes: (await fetchBytes(this.url(entryBundlePath(index, TILE_WIDTH))))!, isFull: true };
  }

  /** C2SP: a client asking for a partial tile falls back to the full tile when the partial is gone. */
  private async readWithFallback(path: string, fullPath: string, width: number): Promise<Uint8Array> {
    if (width === TILE_WIDTH) return (await fetchBytes(this.url(path)))!;
    return (await fetchBytes(this.url(path), true)) ?? (await fetchBytes(this.url(fullPath)))!;
  }
}
