import { inTransaction, type Db, type Tx } from '../../kernel/db/database.js';

export interface GroupCommitOptions {
  /** Items written in one transaction at most. */
  maxBatch: number;
  /** Transactions in flight at once; the next batch takes everything that queued meanwhile. */
  maxInFlight: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent callers' items are written together, one transaction per batch, and
 * each caller's promise settles only after that transaction committed (so nothing acknowledged
 * can be lost). A batch starts at once while fewer than `maxInFlight` are running; under load,
 * items queue and the next batch takes them all. When a batch fails, its items are written again
 * one by one in their own transactions, so one bad item never sinks the others and each caller
 * gets its own error.
 */
export function createGroupCommit<I, R>(db: Db, write: (tx: Tx, items: I[]) => Promise<R[]>, options: GroupCommitOptions): (item: I) => Promise<R> {
  const queue: Waiting<I, R>[] = [];
  let inFlight = 0;

  async function run(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await inTransaction(db, (tx) => write(tx, batch.map((w) => w.item)));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(
        batch.map(async (w) => {
          try {
            const [result] = await inTransaction(db, (tx) => write(tx, [w.item]));
            w.resolve(result!);
          } catch (single) {
            w.reject(single);
          }
        }),
      );
    }
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item: I) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
