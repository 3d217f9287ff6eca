import type { MiddlewareHandler } from 'hono';
import { tooManyRequests } from './errors.js';

export interface RateLimitOptions {
  /** Requests allowed per window per key. */
  limit: number;
  windowMs: number;
  key: (c: Parameters<MiddlewareHandler>[0]) => string;
  now?: () => number;
}

/**
 * Fixed-window limiter kept in this process's memory. It protects the sign-in endpoints of one
 * process; several processes behind a balancer each apply their own window (documented in
 * ARCHITECTURE.md).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const t = now();
    const key = options.key(c);
    let w = windows.get(key);
    if (!w || t - w.start >= options.windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
      if (windows.size > 50_000) {
        for (const [k, v] of windows) if (t - v.start >= options.windowMs) windows.delete(k);
      }
    }
    w.count++;
    if (w.count > options.limit) throw tooManyRequests(Math.ceil((w.start + options.windowMs - t) / 1000));
    await next();
  };
}

/** The client address as seen by the socket. X-Forwarded-For is not trusted: anyone can send it. */
export function clientAddress(c: Parameters<MiddlewareHandler>[0]): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
