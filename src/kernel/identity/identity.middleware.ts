import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, type AppEnv } from '../http/context.js';
import type { Kernel } from '../kernel.js';
import type { IssuedSession } from './session.service.js';
import { SESSION_ABSOLUTE_SECONDS } from './session.service.js';

const isHttps = (kernel: Pick<Kernel, 'config'>) => kernel.config.publicUrl.startsWith('https://');

/** Puts a new session's token in the HttpOnly cookie; the token exists nowhere else. */
export function setSessionCookie(c: Context<AppEnv>, kernel: Pick<Kernel, 'config'>, issued: IssuedSession): void {
  setCookie(c, SESSION_COOKIE, issued.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(kernel),
    path: '/',
    maxAge: SESSION_ABSOLUTE_SECONDS,
  });
}

export function clearSessionCookie(c: Context<AppEnv>, kernel: Pick<Kernel, 'config'>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(kernel), httpOnly: true, sameSite: 'Lax' });
}

/** Fills `c.get('session')` from the session cookie; a dead cookie is cleared. */
export function sessionMiddleware(kernel: Kernel): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await kernel.identity.sessions.resolveSession(token);
      c.set('session', session);
      if (!session) clearSessionCookie(c, kernel);
    }
    await next();
  };
}

/**
 * Fills `c.get('apiClient')` when an /api/ request carries `Authorization: Bearer <client
 * assertion>`. A bad assertion is a 401 at once rather than an anonymous request.
 */
export function apiClientMiddleware(kernel: Kernel): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header && c.req.path.startsWith('/api/')) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match) c.set('apiClient', await kernel.identity.apiClients.verifyClientAssertion(match[1]!));
    }
    await next();
  };
}
