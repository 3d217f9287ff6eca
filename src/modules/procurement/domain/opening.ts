/**
 * Opening many sealed bids at once: for each bid, check the commitment to its ciphertext, the
 * vendor's signature over the submission statement, then decrypt it and check it is the vendor's
 * own for this tender. The work is split between this thread and worker threads (one per spare
 * core), which keep running between openings, so a large tender opens in a fraction of the time one
 * thread needs. The results come back in the order of the input.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { checkSealedBid, type OpeningCheck, type SealedSubmission } from './opening.check.js';

export type { OpeningCheck, OpeningRejection, SealedSubmission } from './opening.check.js';

/** Below this many bids per extra thread, handing work to a worker costs more than it saves. */
const MIN_BIDS_PER_WORKER = 250;

interface PendingJob {
  resolve: (results: OpeningCheck[]) => void;
  reject: (error: Error) => void;
}

class OpeningWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingJob>();
  private nextId = 1;
  private broken: Error | undefined;

  constructor() {
    // The worker is TypeScript like the rest of Nara: load it through the same tsx loader.
    this.worker = new Worker(new URL('./opening.worker.ts', import.meta.url), { execArgv: ['--import', import.meta.resolve('tsx')] });
    this.worker.unref();
    this.worker.on('message', (message: { id: number; results?: OpeningCheck[]; error?: string }) => {
      const job = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if (!job) return;
      if (message.results) job.resolve(message.results);
      else job.reject(new Error(message.error ?? 'The opening worker failed.'));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The opening worker stopped (exit code ${code}).`)));
  }

  get usable(): boolean {
    return !this.broken;
  }

  check(keyJwk: JsonWebKey, tenderId: string, bids: SealedSubmission[]): Promise<OpeningCheck[]> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, keyJwk, tenderId, bids });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private fail(error: Error): void {
    this.broken = error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

let pool: OpeningWorker[] = [];

function workers(count: number): OpeningWorker[] {
  pool = pool.filter((w) => w.usable);
  while (pool.length < count) pool.push(new OpeningWorker());
  return pool.slice(0, count);
}

/** Starts the worker threads ahead of an opening, so the first opening does not pay for it. */
export async function warmOpeningWorkers(threads = defaultThreads()): Promise<void> {
  const extra = workers(Math.max(0, threads - 1));
  await Promise.all(extra.map((w) => w.check({}, 'tnd_warmup', [])));
}

/** Stops the worker threads (tests and benchmarks that want a clean exit at once). */
export async function stopOpeningWorkers(): Promise<void> {
  const stopping = pool;
  pool = [];
  await Promise.all(stopping.map((w) => w.terminate()));
}

function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Checks and opens every sealed bid of a tender with the recovered opening key.
 * `threads` counts this thread; 1 means no worker at all.
 */
export async function openSealedBids(bids: SealedSubmission[], openingKey: KeyObject, tenderId: string, options: { threads?: number } = {}): Promise<OpeningCheck[]> {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), Math.floor(bids.length / MIN_BIDS_PER_WORKER) + 1));
  if (threads === 1) return checkAll(bids, openingKey, tenderId);
  const keyJwk = openingKey.export({ format: 'jwk' });
  const size = Math.ceil(bids.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => bids.slice(i * size, (i + 1) * size));
  const [own, ...others] = chunks;
  const helpers = workers(others.length);
  const parts = await Promise.all([checkAll(own!, openingKey, tenderId), ...others.map((chunk, i) => helpers[i]!.check(keyJwk, tenderId, chunk))]);
  return parts.flat();
}

async function checkAll(bids: SealedSubmission[], openingKey: KeyObject, tenderId: string): Promise<OpeningCheck[]> {
  const results: OpeningCheck[] = [];
  for (const bid of bids) results.push(await checkSealedBid(bid, openingKey, tenderId));
  return results;
}
