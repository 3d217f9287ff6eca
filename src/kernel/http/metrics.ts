import type { MiddlewareHandler } from 'hono';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  middleware: MiddlewareHandler;
}

/** Prometheus metrics for one app: request counts and latency histograms by route pattern. */
export function createHttpMetrics(options: { collectProcessMetrics: boolean }): HttpMetrics {
  const registry = new Registry();
  if (options.collectProcessMetrics) collectDefaultMetrics({ register: registry, prefix: 'nara_' });
  const requests = new Counter({
    name: 'nara_http_requests_total',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'nara_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const middleware: MiddlewareHandler = async (c, next) => {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      // routePath is the pattern ("/api/v1/people/:id"), so labels stay bounded.
      const route = c.res.status === 404 && c.req.routePath === '/*' ? 'unmatched' : c.req.routePath || 'unmatched';
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    }
  };
  return { registry, middleware };
}
