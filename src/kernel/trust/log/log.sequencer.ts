/**
 * The sequencer: moves pending appends into the log in batches. One batch is one transaction that
 * takes the sequencer lock, assigns the next indexes, writes the entries and the grown tiles, signs
 * the new checkpoint and stores it. Whatever is served was committed first, and because the batch
 * recomputes the persisted checkpoint's root from the persisted tiles before extending them, Nara
 * never signs a checkpoint that does not extend the previous one.
 */
import type { Clock } from '../../clock.js';
import { inTransaction, type Db, type Tx } from '../../db/database.js';
import { bytesEqual } from '../tlog/encoding.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import { leafHash, type Hash } from '../tlog/rfc6962.js';
import { appendTiles, tileHashes, treeHashFromTiles, type TileData, type TileReader } from '../tlog/tile-hashes.js';
import { partialTilesForSize } from '../tlog/tiles.js';
import type { LogKey } from './log.key.js';
import {
  deletePending,
  findTile,
  findTiles,
  insertCheckpoint,
  insertEntries,
  latestCheckpoint,
  pendingBatch,
  tryLockSequencer,
  upsertTiles,
  type StoredTile,
} from './log.repository.js';

export interface BatchResult {
  /** False when another process held the sequencer lock: nothing was done. */
  isLocked: boolean;
  /** Entries sequenced by this batch. */
  sequenced: number;
  /** Tree size after the batch (of the latest checkpoint). */
  size: number;
  /** pending id → index, for the entries of this batch. */
  indexes: Map<number, number>;
}

const key = (level: number, index: number) => `${level}/${index}`;

/** Reads tiles from `known` first (prefetched or just written), else from the database in `tx`. */
function overlayReader(known: Map<string, Uint8Array>, tx: Tx): TileReader {
  return {
    async readTile(level, index, width) {
      let data = known.get(key(level, index));
      if (!data) {
        const row = await findTile(tx, level, index);
        if (!row) throw new Error(`Tile ${level}/${index} is missing from the database.`);
        data = row.data;
        known.set(key(level, index), data);
      }
      tileHashes(data, width);
      return data.subarray(0, width * 32);
    },
  };
}

export async function sequenceBatch(deps: { db: Db; clock: Clock; logKey: LogKey; batchSize: number }): Promise<BatchResult> {
  return inTransaction(deps.db, async (tx) => {
    const empty = new Map<number, number>();
    if (!(await tryLockSequencer(tx))) return { isLocked: true, sequenced: 0, size: -1, indexes: empty };
    const latest = await latestCheckpoint(tx);
    const pending = await pendingBatch(tx, deps.batchSize);
    if (latest && pending.length === 0) return { isLocked: false, sequenced: 0, size: latest.size, indexes: empty };

    const oldSize = latest?.size ?? 0;
    const known = new Map<string, Uint8Array>();
    const coords = partialTilesForSize(oldSize).map((t) => ({ level: t.level, idx: t.index }));
    for (const t of await findTiles(tx, coords)) known.set(key(t.level, t.idx), t.data);
    const reader = overlayReader(known, tx);
    if (latest) {
      const persistedRoot = await treeHashFromTiles(oldSize, reader);
      if (!bytesEqual(persistedRoot, latest.root_hash)) {
        throw new Error(`The stored tiles do not match the checkpoint at size ${oldSize}; refusing to sign a new one.`);
      }
    }

    const leaves: Hash[] = pending.map((p) => leafHash(p.entry));
    const written: TileData[] = await appendTiles(oldSize, leaves, reader);
    for (const t of written) known.set(key(t.level, t.index), t.data);
    const size = oldSize + pending.length;
    const rootHash = await treeHashFromTiles(size, reader);
    const now = deps.clock.now();
    const note = signCheckpoint({ origin: deps.logKey.origin, size, rootHash, extensions: [] }, deps.logKey.signer);

    const indexes = new Map<number, number>();
    await insertEntries(
      tx,
      pending.map((p, i) => {
        indexes.set(p.id, oldSize + i);
        return { idx: oldSize + i, pending_id: p.id, event_type: p.event_type, entry: p.entry, leaf_hash: leaves[i]!, appended_at: p.created_at, integrated_at: now };
      }),
    );
    await upsertTiles(tx, written.map((t): StoredTile => ({ level: t.level, idx: t.index, width: t.width, data: t.data })));
    await insertCheckpoint(tx, { size, root_hash: rootHash, note, created_at: now });
    await deletePending(tx, pending.map((p) => p.id));
    return { isLocked: false, sequenced: pending.length, size, indexes };
  });
}
