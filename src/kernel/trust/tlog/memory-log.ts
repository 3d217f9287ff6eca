/**
 * A whole tiled log in memory: tiles and entry bundles exactly as the /log routes would serve
 * them, keyed by path. For tests, benchmarks and tools; the real log keeps these in the database.
 */
import { appendEntryBundles, type EntryBundleReader } from './bundles.js';
import { malformed } from './errors.js';
import { leafHash } from './rfc6962.js';
import { appendTiles, type TileOptions, type TileReader } from './tile-hashes.js';
import { TILE_HEIGHT } from './tiles.js';

export class MemoryTileLog implements TileReader, EntryBundleReader {
  size = 0;
  /** Every tile ever written, keyed `level/index/width`; a partial tile is read from the full one once that exists. */
  readonly tiles = new Map<string, Uint8Array>();
  readonly bundles = new Map<string, Uint8Array>();
  readonly height: number;

  constructor(options: TileOptions = {}) {
    this.height = options.height ?? TILE_HEIGHT;
  }

  async append(entries: readonly Uint8Array[]): Promise<void> {
    const tiles = await appendTiles(this.size, entries.map(leafHash), this, { height: this.height });
    for (const t of tiles) this.tiles.set(`${t.level}/${t.index}/${t.width}`, t.data);
    if (this.height === TILE_HEIGHT) {
      for (const b of await appendEntryBundles(this.size, entries, this)) this.bundles.set(`${b.index}/${b.width}`, b.data);
    }
    this.size += entries.length;
  }

  async readTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const tile = this.tiles.get(`${level}/${index}/${width}`) ?? this.tiles.get(`${level}/${index}/${2 ** this.height}`);
    if (!tile) throw malformed(`There is no tile ${level}/${index} of width ${width}.`);
    return tile.subarray(0, width * 32);
  }

  async readEntryBundle(index: number, width: number): Promise<Uint8Array> {
    const bundle = this.bundles.get(`${index}/${width}`);
    if (!bundle) throw malformed(`There is no entry bundle ${index} of width ${width}.`);
    return bundle;
  }
}
