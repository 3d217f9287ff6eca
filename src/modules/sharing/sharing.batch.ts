/**
 * Group commit: the writes that arrive while one batch is committing go together in the next,
 * one transaction for many callers. Each caller is answered only after the batch holding its
 * write has committed, so an acknowledged write is as durable as one written alone. When a batch
 * fails, its writes are retried one by one, so one bad write does not fail the others.
 */
export function createGroupWriter<T, R>(write: (items: T[]) => Promise<R[]>, options: { maxBatch?: number; maxInFlight?: number } = {}): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 64;
  // A few batches may commit at once: a write that arrives during a commit starts its own at once,
  // and the database flushes concurrent commits to disk together.
  const maxInFlight = options.maxInFlight ?? 3;
  const queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;

  async function writeBatch(batch: typeof queue): Promise<void> {
    try {
      const results = await write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else await Promise.all(batch.map((b) => write([b.item]).then((r) => b.resolve(r[0]!), b.reject)));
    }
  }

  function pump(): void {
    while (queue.length > 0 && inFlight < maxInFlight) {
      inFlight++;
      void writeBatch(queue.splice(0, maxBatch)).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}

/**
 * A value kept for `ttlMs` of wall-clock time (staleness between processes is a matter of real
 * time, not of the kernel clock tests move); loads for the same key share one promise.
 */
export function createTtlCache<K, V>(ttlMs: number, load: (key: K) => Promise<V>, maxEntries = 10_000) {
  const entries = new Map<K, { value: Promise<V>; at: number }>();
  return {
    get(key: K): Promise<V> {
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const value = load(key);
      entries.set(key, { value, at: Date.now() });
      value.catch(() => entries.delete(key));
      return value;
    },
    delete: (key: K) => entries.delete(key),
    clear: () => entries.clear(),
  };
}
