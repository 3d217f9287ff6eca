import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../http/context.js';
import { DomainError } from '../http/errors.js';
import { clientAddress } from '../http/rate-limit.js';
import { zodFieldProblems } from '../http/validation.js';
import { invalidInput } from '../http/errors.js';
import type { Organisation } from './identity.tables.js';

/** A same-site path to go to after signing in; anything else (other hosts, "//x") falls back. */
export function safeNext(value: unknown, fallback = '/account'): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : fallback;
}

export function signInPath(next?: string): string {
  return next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/**
 * Where a page request that failed for want of (fresh) authentication should go instead of an
 * error page: sign-in, or the passkey re-check. Undefined for every other error.
 */
export function authRedirectFor(c: Context, code: string): string | undefined {
  const url = new URL(c.req.url);
  const here = c.req.method === 'GET' ? `${url.pathname}${url.search}` : (safeNext(refererPath(c), '') || undefined);
  if (code === 'unauthenticated') return signInPath(here);
  if (code === 'reauthentication_required') return `/reauthenticate${here ? `?next=${encodeURIComponent(here)}` : ''}`;
  return undefined;
}

function refererPath(c: Context): string | undefined {
  const referer = c.req.header('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === new URL(c.req.url).host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a JSON body against a schema: malformed JSON is a 400, a wrong shape a 422. */
export async function readJsonBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new DomainError('malformed_request', 400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(zodFieldProblems(parsed.error));
  return parsed.data;
}

export function requestMeta(c: Context<AppEnv>) {
  return { userAgent: c.req.header('user-agent') ?? null, ip: clientAddress(c) };
}

/** An organisation's name in the page's language. */
export function organisationName(c: Context<AppEnv>, o: Pick<Organisation, 'name_en' | 'name_ko'> | undefined): string {
  if (!o) return '';
  return c.get('locale') === 'ko' ? o.name_ko : o.name_en;
}
