/** Worker thread of `openSealedBids` (opening.ts): checks and opens the bids it is handed. */
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { checkSealedBid, type OpeningCheck, type SealedSubmission } from './opening.check.js';

interface Job {
  id: number;
  keyJwk: JsonWebKey;
  tenderId: string;
  bids: SealedSubmission[];
}

parentPort?.on('message', (job: Job) => {
  void (async () => {
    try {
      const results: OpeningCheck[] = [];
      if (job.bids.length > 0) {
        const key = createPrivateKey({ key: job.keyJwk, format: 'jwk' });
        for (const bid of job.bids) results.push(await checkSealedBid(bid, key, job.tenderId));
      }
      parentPort!.postMessage({ id: job.id, results });
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
