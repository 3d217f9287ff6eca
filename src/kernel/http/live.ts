import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from './context.js';

/** How often an open stream looks for a newer step (wall time, not business time). */
const POLL_MS = 2_000;
/** A stream ends after this long; EventSource reconnects by itself (with Last-Event-ID). */
const STREAM_MS = 5 * 60_000;

/** The step a page showed: Last-Event-ID on a reconnect, else `?since=`, else 0. */
export function liveSince(c: Context<AppEnv>): number {
  const text = c.req.header('last-event-id') ?? c.req.query('since') ?? '0';
  return /^\d{1,15}$/.test(text) ? Number(text) : 0;
}

/**
 * Live status by server-sent events for a page that works without them: polls `latest` and sends
 * an `update` event (id = the step's number) whenever there is a step newer than the last sent.
 * The page's script (assets/live.mjs) shows the message with a link to reload. Check that the
 * reader may see the thing before calling this, so a refusal is a normal error response.
 */
export function liveUpdates(
  c: Context<AppEnv>,
  latest: () => Promise<{ id: number; message: string; data?: Record<string, unknown> }>,
): Response | Promise<Response> {
  let since = liveSince(c);
  return streamSSE(c, async (stream) => {
    let aborted = false;
    stream.onAbort(() => {
      aborted = true;
    });
    const started = performance.now();
    while (!aborted && performance.now() - started < STREAM_MS) {
      const step = await latest();
      if (step.id > since) {
        since = step.id;
        await stream.writeSSE({ event: 'update', id: String(since), data: JSON.stringify({ ...step.data, lastEventId: since, message: step.message }) });
      }
      await stream.sleep(POLL_MS);
    }
  });
}
