import type { Db } from '../../db/database.js';
import { insertPendingRows } from './log.repository.js';

export interface PendingRow {
  eventType: string;
  entry: Uint8Array;
  now: Date;
}

/**
 * Group commit for appends made outside a transaction: the appends that arrive while one INSERT
 * is committing go together in the next, one commit for many. Each caller still gets its id only
 * after its own row has committed, so an acknowledged append is durable.
 */
export function createAppendGrouper(db: Db, maxGroup: number, afterCommit: () => void): (row: PendingRow) => Promise<number> {
  const queue: { row: PendingRow; resolve: (id: number) => void; reject: (e: unknown) => void }[] = [];
  let isFlushing = false;

  async function flush(): Promise<void> {
    isFlushing = true;
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, maxGroup);
        try {
          const ids = await insertPendingRows(db, group.map((g) => g.row));
          group.forEach((g, i) => g.resolve(ids[i]!));
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      isFlushing = false;
    }
    afterCommit();
  }

  return (row) =>
    new Promise<number>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      if (!isFlushing) void flush();
    });
}
