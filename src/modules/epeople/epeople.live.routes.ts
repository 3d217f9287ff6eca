import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { liveUpdates } from '../../kernel/http/live.js';
import { requireSession } from '../../kernel/identity/policy.js';
import type { EpeopleService } from './epeople.service.js';

/**
 * Live status by server-sent events: `/epeople/cases/:id/live` sends an `update` event whenever
 * the case has a step newer than the one the page showed (`?since=` or Last-Event-ID). Only the
 * filer and the handling agency may listen; anyone else gets the same 404 as for the page.
 */
export function registerLiveRoutes(app: OpenAPIHono<AppEnv>, service: EpeopleService): void {
  app.get('/epeople/cases/:id/live', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const t = c.get('t');
    await service.liveState(session, id); // 404 before the stream opens when the reader may not see it
    return liveUpdates(c, async () => {
      const state = await service.liveState(session, id);
      const step = state.lastEventKind ? t(`epeople.event.${state.lastEventKind}`, { to: '', from: '' }) : '';
      return { id: state.lastEventId, message: t('epeople.live.update', { status: t(`epeople.status.${state.status}`), step }), data: { status: state.status } };
    });
  });
}
