import type { Clock } from '../../clock.js';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { DomainError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { encodeEntryBundle } from '../tlog/bundles.js';
import { canonicalJson } from '../tlog/canonical-json.js';
import { makeReceipt, type Receipt } from '../tlog/receipt.js';
import { inclusionProofFromTiles, tileHashes, type TileReader } from '../tlog/tile-hashes.js';
import { TILE_WIDTH } from '../tlog/tiles.js';
import { encodeLogEvent, type LogEvent } from './log.events.js';
import { createAppendGrouper } from './log.append.js';
import { loadOrCreateLogKey, type LogKey } from './log.key.js';
import { createSequencerLoop } from './log.loop.js';
import {
  entriesDownFrom,
  entriesFrom,
  findEntryByIndex,
  findEntryByLeafHash,
  findEntryByPendingId,
  findTile,
  hasPending,
  insertPending,
  insertPendingRows,
  isPending,
  latestCheckpoint,
} from './log.repository.js';
import { sequenceBatch, type BatchResult } from './log.sequencer.js';
import type { TlogEntryRow } from './log.tables.js';

export interface SignedCheckpoint {
  size: number;
  rootHash: Uint8Array;
  /** The signed note, served as is at /log/checkpoint. */
  note: string;
  createdAt: Date;
}

export interface LogEntry {
  index: number;
  type: string;
  /** The logged bytes (canonical JSON). */
  entry: Uint8Array;
  leafHash: Uint8Array;
  appendedAt: Date;
  integratedAt: Date;
}

export interface TransparencyLogOptions {
  /** Most entries per batch (default 1,000). */
  batchSize?: number;
  /** Poll for appends made by other processes this often (default 250 ms). */
  pollIntervalMs?: number;
  /** After an append in this process, wait this long for more before sequencing (default 20 ms). */
  lingerMs?: number;
  /** Called after each batch that sequenced something has committed (benchmarks, metrics). */
  onBatch?: (result: BatchResult) => void;
}

/** The durable transparency log (`kernel.transparencyLog`). */
export interface TransparencyLog {
  /** Records the event durably as pending and returns its pending id. */
  append(event: LogEvent): Promise<number>;
  /** Like append, inside the caller's transaction: the entry exists if and only if the caller's change commits. */
  appendInTx(tx: Tx, event: LogEvent): Promise<number>;
  /** appendInTx for several events in one statement (group commit); pending ids in the events' order. */
  appendManyInTx(tx: Tx, events: LogEvent[]): Promise<number[]>;
  /** Runs one batch now (tests and tools drive the log with this). */
  sequenceOnce(): Promise<BatchResult>;
  /** Sequences in the background until stop(). */
  start(): void;
  stop(): Promise<void>;
  /** Waits until the pending entry is in a signed checkpoint and returns its index. */
  awaitIndex(pendingId: number, timeoutMs?: number): Promise<number>;
  /** awaitIndex, then the receipt. */
  awaitIntegration(pendingId: number, timeoutMs?: number): Promise<Receipt>;
  /** The receipt of a sequenced entry against the latest checkpoint. */
  receiptFor(ref: { index: number } | { pendingId: number }): Promise<Receipt>;
  latestCheckpoint(): Promise<SignedCheckpoint>;
  /** `<name>+<hex id>+<base64>`. */
  verifierKey(): Promise<string>;
  origin(): Promise<string>;
  /** Hash tile bytes for width `width`, or undefined when the log has no such tile yet. */
  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined>;
  /** Entry bundle bytes, or undefined when the log does not have that many entries yet. */
  readEntryBundle(index: number, width: number): Promise<Uint8Array | undefined>;
  /** Newest first: the page'th run of `perPage` entries below the latest checkpoint. */
  listEntries(page: number, perPage: number): Promise<{ checkpoint: SignedCheckpoint; entries: LogEntry[] }>;
  findEntry(ref: { index: number } | { leafHash: Uint8Array }): Promise<LogEntry | undefined>;
}

/** Error code: no entry with this index or pending id (never appended, or its transaction rolled back). */
export const LOG_ENTRY_NOT_FOUND = 'log_entry_not_found';
/** Error code: the entry is appended but not yet in a signed checkpoint; ask again shortly. */
export const LOG_ENTRY_PENDING = 'log_entry_pending';
/** Error code: the log has not signed its first checkpoint yet. */
export const LOG_NOT_READY = 'log_not_ready';

const toEntry = (row: TlogEntryRow): LogEntry => ({
  index: row.idx,
  type: row.event_type,
  entry: row.entry,
  leafHash: row.leaf_hash,
  appendedAt: row.appended_at,
  integratedAt: row.integrated_at,
});

/** A receipt carries the entry as JSON when its canonical form is exactly the logged bytes (always, for Nara's events). */
function receiptEntry(bytes: Uint8Array): Receipt['entry'] | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && canonicalJson(value) === text) return value as Record<string, unknown>;
  } catch {
    // not JSON: the receipt carries base64
  }
  return undefined;
}

function dbTileReader(db: DbOrTx): TileReader {
  return {
    async readTile(level, index, width) {
      const row = await findTile(db, level, index);
      if (!row || row.width < width) throw new Error(`Tile ${level}/${index} of width ${width} is not stored.`);
      tileHashes(row.data, width);
      return row.data.subarray(0, width * 32);
    },
  };
}

export function createTransparencyLog(
  deps: { db: Db; clock: Clock; logger: Logger; secretKey: Uint8Array; publicUrl: string; /** Demo mode: the README's derived key instead of a random one. */ demo?: boolean },
  options: TransparencyLogOptions = {},
): TransparencyLog {
  const { db, clock } = deps;
  const batchSize = options.batchSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const lingerMs = options.lingerMs ?? 20;
  const log = deps.logger.child({ component: 'tlog' });
  let keyPromise: Promise<LogKey> | undefined;
  const logKey = () =>
    (keyPromise ??= loadOrCreateLogKey({ ...deps, logger: log }).catch((error: unknown) => {
      keyPromise = undefined;
      throw error;
    }));

  // Waiters for integration in this process, woken by this process's batches; others poll.
  const waiters = new Map<number, Set<(index: number) => void>>();
  function notify(result: BatchResult): void {
    for (const [pendingId, index] of result.indexes) {
      const set = waiters.get(pendingId);
      if (!set) continue;
      waiters.delete(pendingId);
      for (const wake of set) wake(index);
    }
  }

  const loop = createSequencerLoop({
    runBatch: async () => (await sequenceOnce()).sequenced,
    hasWork: async () => (await hasPending(db)) || !(await latestCheckpoint(db)),
    pollIntervalMs,
    logger: log,
  });

  async function sequenceOnce(): Promise<BatchResult> {
    const result = await sequenceBatch({ db, clock, logKey: await logKey(), batchSize });
    if (result.sequenced > 0) {
      notify(result);
      options.onBatch?.(result);
    }
    return result;
  }

  async function checkpoint(): Promise<SignedCheckpoint> {
    let row = await latestCheckpoint(db);
    if (!row) {
      await sequenceOnce(); // signs the empty tree's checkpoint, unless another process is doing it
      row = await latestCheckpoint(db);
    }
    if (!row) throw new DomainError(LOG_NOT_READY, 503, 'The transparency log has not signed its first checkpoint yet. Try again shortly.');
    return { size: row.size, rootHash: row.root_hash, note: row.note, createdAt: row.created_at };
  }

  async function appendInTx(tx: Tx, event: LogEvent): Promise<number> {
    const { type, bytes } = encodeLogEvent(event);
    const id = await insertPending(tx, { eventType: type, entry: bytes, now: clock.now() });
    loop.wake(lingerMs);
    return id;
  }

  async function appendManyInTx(tx: Tx, events: LogEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    const now = clock.now();
    const ids = await insertPendingRows(tx, events.map((event) => { const { type, bytes } = encodeLogEvent(event); return { eventType: type, entry: bytes, now }; }));
    loop.wake(lingerMs);
    return ids;
  }

  const appendGrouped = createAppendGrouper(db, batchSize, () => loop.wake(lingerMs));
  async function append(event: LogEvent): Promise<number> {
    const { type, bytes } = encodeLogEvent(event);
    return appendGrouped({ eventType: type, entry: bytes, now: clock.now() });
  }

  async function receiptForIndex(index: number): Promise<Receipt> {
    const row = await findEntryByIndex(db, index);
    if (!row) throw new DomainError(LOG_ENTRY_NOT_FOUND, 404, `The log has no entry ${index}.`);
    const cp = await checkpoint();
    const proof = await inclusionProofFromTiles(index, cp.size, dbTileReader(db));
    const receipt = makeReceipt(row.entry, index, cp.note, proof);
    const asJson = receiptEntry(row.entry);
    return asJson ? { ...receipt, entry: asJson } : receipt;
  }

  /**
   * Woken by this process's batches at once; when another process sequenced the entry it is seen
   * within a second. Await after the append's transaction has committed: an uncommitted or
   * rolled-back pending id is `log_entry_not_found`.
   */
  async function awaitIndex(pendingId: number, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let wakeUp!: (index: number) => void;
      const woken = new Promise<number>((resolve) => (wakeUp = resolve));
      const set = waiters.get(pendingId) ?? new Set();
      set.add(wakeUp);
      waiters.set(pendingId, set);
      try {
        const row = await findEntryByPendingId(db, pendingId);
        if (row) return row.idx;
        if (!(await isPending(db, pendingId))) {
          const late = await findEntryByPendingId(db, pendingId);
          if (late) return late.idx;
          throw new DomainError(LOG_ENTRY_NOT_FOUND, 404, `Nothing was appended with pending id ${pendingId}.`);
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new DomainError(LOG_ENTRY_PENDING, 409, `Entry ${pendingId} is not in a signed checkpoint yet.`);
        let timer: NodeJS.Timeout | undefined;
        const index = await Promise.race([woken, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.min(left, 1000))))]);
        clearTimeout(timer);
        if (index !== undefined) return index;
      } finally {
        set.delete(wakeUp);
        if (set.size === 0 && waiters.get(pendingId) === set) waiters.delete(pendingId);
      }
    }
  }

  return {
    append,
    appendInTx,
    appendManyInTx,
    sequenceOnce,
    start: () => loop.start(),
    stop: () => loop.stop(),
    awaitIndex,
    async awaitIntegration(pendingId, timeoutMs) {
      return receiptForIndex(await awaitIndex(pendingId, timeoutMs));
    },
    async receiptFor(ref) {
      if ('index' in ref) return receiptForIndex(ref.index);
      const row = await findEntryByPendingId(db, ref.pendingId);
      if (row) return receiptForIndex(row.idx);
      if (await isPending(db, ref.pendingId)) throw new DomainError(LOG_ENTRY_PENDING, 409, `Entry ${ref.pendingId} is not in a signed checkpoint yet.`);
      throw new DomainError(LOG_ENTRY_NOT_FOUND, 404, `Nothing was appended with pending id ${ref.pendingId}.`);
    },
    latestCheckpoint: checkpoint,
    verifierKey: async () => (await logKey()).verifierKey,
    origin: async () => (await logKey()).origin,
    async readTile(level, index, width) {
      const row = await findTile(db, level, index);
      if (!row || row.width < width) return undefined;
      return row.data.subarray(0, width * 32);
    },
    async readEntryBundle(index, width) {
      const rows = await entriesFrom(db, index * TILE_WIDTH, width);
      if (rows.length < width) return undefined;
      return encodeEntryBundle(rows.map((r) => r.entry));
    },
    async listEntries(page, perPage) {
      const cp = await checkpoint();
      const highest = cp.size - 1 - (page - 1) * perPage;
      const rows = highest >= 0 ? await entriesDownFrom(db, highest, perPage) : [];
      return { checkpoint: cp, entries: rows.map(toEntry) };
    },
    async findEntry(ref) {
      const row = 'index' in ref ? await findEntryByIndex(db, ref.index) : await findEntryByLeafHash(db, ref.leafHash);
      return row && toEntry(row);
    },
  };
}
