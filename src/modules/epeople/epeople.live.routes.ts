import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../kernel/http/context.js';
import { requireSession } from '../../kernel/identity/policy.js';
import type { EpeopleService } from './epeople.service.js';

/** How often an open stream looks for a new step (wall time, not business time). */
const POLL_MS = 2_000;
/** A stream ends after this long; EventSource reconnects by itself (with Last-Event-ID). */
const STREAM_MS = 5 * 60_000;

const liveScript = fs.readFileSync(fileURLToPath(new URL('./assets/live.mjs', import.meta.url)));

/**
 * Live status by server-sent events: `/epeople/cases/:id/live` sends an `update` event whenever
 * the case has a step newer than the one the page showed (`?since=` or Last-Event-ID). Only the
 * filer and the handling agency may listen; anyone else gets the same 404 as for the page.
 */
export function registerLiveRoutes(app: OpenAPIHono<AppEnv>, service: EpeopleService): void {
  app.get('/epeople/live.mjs', (c) =>
    c.body(new Uint8Array(liveScript), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );

  app.get('/epeople/cases/:id/live', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const t = c.get('t');
    const sinceText = c.req.header('last-event-id') ?? c.req.query('since') ?? '0';
    let since = /^\d{1,15}$/.test(sinceText) ? Number(sinceText) : 0;
    await service.liveState(session, id); // 404 before the stream opens when the reader may not see it
    return streamSSE(c, async (stream) => {
      let aborted = false;
      stream.onAbort(() => {
        aborted = true;
      });
      const started = performance.now();
      while (!aborted && performance.now() - started < STREAM_MS) {
        const state = await service.liveState(session, id);
        if (state.lastEventId > since) {
          since = state.lastEventId;
          const message = t('epeople.live.update', { status: t(`epeople.status.${state.status}`), step: state.lastEventKind ? t(`epeople.event.${state.lastEventKind}`, { to: '', from: '' }) : '' });
          await stream.writeSSE({ event: 'update', id: String(since), data: JSON.stringify({ status: state.status, lastEventId: since, message }) });
        }
        await stream.sleep(POLL_MS);
      }
    });
  });
}
