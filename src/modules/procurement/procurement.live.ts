import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../kernel/http/context.js';
import { notFound } from '../../kernel/http/errors.js';
import type { ProcurementService } from './procurement.service.js';

const SCRIPT = readFileSync(new URL('./assets/live-result.js', import.meta.url));
export const LIVE_RESULT_SCRIPT = '/procurement/assets/live-result.js';
/** How long one follower connection stays open; the browser reconnects by itself after. */
const MAX_FOLLOW_MS = 10 * 60_000;

/**
 * Server-sent events for followers of an opening: `waiting` while the tender is unopened, then
 * one `opened` event with the result page's address, and the stream ends. The page works
 * without them: a refresh shows the result.
 */
export function registerLiveResult(app: OpenAPIHono<AppEnv>, service: ProcurementService, pollMs: number): void {
  app.get(LIVE_RESULT_SCRIPT, (c) => {
    c.header('cache-control', 'public, max-age=3600');
    return c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.get('/procurement/tenders/:id/result/events', async (c) => {
    const id = c.req.param('id');
    if (!/^tnd_[a-z0-9]{8,64}$/.test(id)) throw notFound('The tender');
    await service.getTender(id);
    return streamSSE(c, async (stream) => {
      const started = Date.now();
      let aborted = false;
      stream.onAbort(() => {
        aborted = true;
      });
      while (!aborted && Date.now() - started < MAX_FOLLOW_MS) {
        const tender = await service.getTender(id);
        if (tender.status === 'opened') {
          await stream.writeSSE({ event: 'opened', data: JSON.stringify({ tenderId: id, result: `/procurement/tenders/${id}/result` }) });
          return;
        }
        if (tender.status === 'cancelled') {
          await stream.writeSSE({ event: 'cancelled', data: JSON.stringify({ tenderId: id }) });
          return;
        }
        await stream.writeSSE({ event: 'waiting', data: JSON.stringify({ tenderId: id, status: tender.status }) });
        await stream.sleep(pollMs);
      }
    });
  });
}
