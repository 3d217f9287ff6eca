import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { requireSession } from '../identity/policy.js';
import type { Kernel } from '../kernel.js';
import { renderInboxPage } from './notifications.pages.js';
import { inboxPage, markAllRead, markRead, unreadCount } from './notifications.service.js';

/** The signed-in person's inbox: newest first, paginated; marking read works without JavaScript. */
export function registerInboxRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/inbox', async (c) => {
    const session = requireSession(c);
    const page = Number.parseInt(c.req.query('page') ?? '1', 10);
    const inbox = await inboxPage(kernel.db, session.personId, Number.isSafeInteger(page) ? page : 1);
    const unread = await unreadCount(kernel.db, session.personId);
    const notice = c.req.query('done') === 'all' ? c.get('t')('notifications.inbox.markedAllRead') : undefined;
    return renderInboxPage(c, inbox, unread, notice);
  });

  app.post('/inbox/read-all', async (c) => {
    const session = requireSession(c);
    await markAllRead(kernel.db, kernel.clock, session.personId);
    return c.redirect('/inbox?done=all', 303);
  });

  app.post('/inbox/:id/read', async (c) => {
    const session = requireSession(c);
    await markRead(kernel.db, kernel.clock, session.personId, c.req.param('id'));
    return c.redirect(backToInbox(c.req.header('referer')), 303);
  });
}

/** Back to the inbox page the person was on, never anywhere else. */
function backToInbox(referer: string | undefined): string {
  if (!referer) return '/inbox';
  try {
    const url = new URL(referer);
    const page = url.searchParams.get('page');
    return url.pathname === '/inbox' && page && /^\d{1,6}$/.test(page) ? `/inbox?page=${page}` : '/inbox';
  } catch {
    return '/inbox';
  }
}
