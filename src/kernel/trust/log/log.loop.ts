import type { Logger } from '../../http/logger.js';

export interface SequencerLoop {
  start(): void;
  stop(): Promise<void>;
  /** Asks for a batch within `delayMs` (sooner if one is already due). */
  wake(delayMs: number): void;
}

/**
 * Runs `runBatch` in the background: again at once while batches find work, else after
 * `pollIntervalMs` (which is how appends made by other processes are picked up), or sooner when
 * this process appends and calls wake(). `hasWork` keeps idle polls out of a transaction.
 */
export function createSequencerLoop(deps: {
  runBatch: () => Promise<number>;
  hasWork: () => Promise<boolean>;
  pollIntervalMs: number;
  logger: Logger;
}): SequencerLoop {
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let ticking: Promise<void> | undefined;
  let wantsTick = false;

  function wake(delayMs: number): void {
    if (!isRunning) return;
    if (ticking) {
      wantsTick = true;
      return;
    }
    if (Date.now() + delayMs >= dueAt) return;
    clearTimeout(timer);
    dueAt = Date.now() + delayMs;
    timer = setTimeout(() => void tick(), delayMs);
  }

  async function tick(): Promise<void> {
    dueAt = Infinity;
    let again = false;
    ticking = (async () => {
      try {
        if (!(await deps.hasWork())) return;
        again = (await deps.runBatch()) > 0;
      } catch (error) {
        deps.logger.error('transparency log batch failed', { error });
      }
    })();
    await ticking;
    ticking = undefined;
    const next = again || wantsTick ? 0 : deps.pollIntervalMs;
    wantsTick = false;
    wake(next);
  }

  return {
    wake,
    start() {
      if (isRunning) return;
      isRunning = true;
      wake(0);
    },
    async stop() {
      isRunning = false;
      clearTimeout(timer);
      dueAt = Infinity;
      await ticking;
    },
  };
}
