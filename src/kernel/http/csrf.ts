import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { DomainError } from './errors.js';
import { SESSION_COOKIE, type AppEnv } from './context.js';

export const CSRF_COOKIE = 'nara_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The OpenID provider's own endpoints (src/kernel/oidc) take posts from other sites by design:
 * agency back ends call /oidc/token with client authentication, and its browser endpoints are
 * guarded by state, PKCE and the provider's signed cookies. Nara's consent pages under
 * /oidc/interaction/ are ordinary Nara forms and keep the check.
 */
const isOidcProviderPath = (path: string) => path.startsWith('/oidc/') && !path.startsWith('/oidc/interaction/');

export const csrfRejected = () =>
  new DomainError('csrf_token_invalid', 403, 'The form had expired or did not come from this site. Go back, reload the page and try again.');

/**
 * Double-submit token: a random cookie (HttpOnly, SameSite=Lax) whose value every form repeats
 * in a hidden `_csrf` field (scripts send the `X-CSRF-Token` header). Unsafe requests must carry
 * it unless they authenticate with an Authorization header, which a browser never adds by itself,
 * or are API calls without the session cookie.
 */
export function csrfProtection(options: { secureCookies: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      setCookie(c, CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies,
        path: '/',
      });
      c.set('csrfFresh', true);
    }
    c.set('csrfToken', token);
    if (SAFE.has(c.req.method) || c.req.header('authorization')) return next();
    // No handler for this method here: let the 404/405 answer speak instead of a token error.
    if (!matchedRoutes(c).some((r) => r.method === c.req.method)) return next();
    if (isOidcProviderPath(c.req.path)) return next();
    // An API call with no session cookie carries no ambient credential to forge.
    if (c.req.path.startsWith('/api/') && !getCookie(c, SESSION_COOKIE)) return next();
    let presented = c.req.header(CSRF_HEADER);
    if (!presented) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody();
        const v = body[CSRF_FIELD];
        presented = typeof v === 'string' ? v : undefined;
      }
    }
    if (c.get('csrfFresh') || !presented || !same(presented, token)) throw csrfRejected();
    return next();
  };
}
