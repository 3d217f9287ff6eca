import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { pendingMigrations } from './kernel/db/migrator.js';
import { pingDatabase } from './kernel/db/database.js';
import { DomainError } from './kernel/http/errors.js';
import type { AppEnv } from './kernel/http/context.js';
import { csrfProtection } from './kernel/http/csrf.js';
import { authRedirectFor } from './kernel/identity/identity.http.js';
import { apiClientMiddleware, sessionMiddleware } from './kernel/identity/identity.middleware.js';
import { registerIdentityRoutes } from './kernel/identity/identity.routes.js';
import { registerJobAdminRoutes } from './kernel/jobs/jobs.routes.js';
import { registerInboxRoutes } from './kernel/notifications/notifications.routes.js';
import { responseCompression } from './kernel/http/compression.js';
import { createHttpMetrics } from './kernel/http/metrics.js';
import { problemResponse, toProblem, wantsJson } from './kernel/http/problem.js';
import { securityHeaders } from './kernel/http/security.js';
import { validationHook } from './kernel/http/validation.js';
import { localeMiddleware } from './kernel/i18n/locale.middleware.js';
import { migrationSourcesFor, type Kernel } from './kernel/kernel.js';
import type { ModuleManifest, NaraModule } from './kernel/module.js';
import { registerOpenApi } from './kernel/http/openapi.js';
import { renderErrorPage } from './kernel/ui/error-page.js';
import { registerShellPages } from './kernel/ui/shell.routes.js';
import { registerTransparencyLogRoutes, transparencyLogShellPart } from './kernel/trust/log/log.routes.js';
import { registerPkiRoutes } from './kernel/trust/ca/ca.routes.js';
import { registerOidcRoutes } from './kernel/oidc/oidc.routes.js';

/** Largest request body any route accepts unless it sets its own limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  kernel: Kernel;
  modules: ModuleManifest[];
  /** Process metrics (event loop, memory) only in the real server, not in every test app. */
  collectProcessMetrics?: boolean;
}

function requestIdFor(c: Context): string {
  const given = c.req.header('x-request-id');
  return given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

export function createApp({ kernel, modules, collectProcessMetrics = false }: CreateAppOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const metrics = createHttpMetrics({ collectProcessMetrics });
  const https = kernel.config.publicUrl.startsWith('https://');
  const log = kernel.logger;

  app.use(async (c, next) => {
    const requestId = requestIdFor(c);
    c.set('requestId', requestId);
    c.set('session', null);
    c.set('apiClient', null);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(metrics.middleware);
  app.use(securityHeaders({ https }));
  app.use(responseCompression());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new DomainError('body_too_large', 413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  app.use(localeMiddleware(kernel.i18n, { secureCookies: https }));
  app.use(methodNotAllowed({
    app,
    onMethodNotAllowed: (c, allowed) => {
      throw new DomainError('method_not_allowed', 405, `${c.req.method} is not allowed here. Use ${allowed.join(', ')}.`, {
        headers: { Allow: allowed.join(', ') },
      });
    },
  }));
  app.use(csrfProtection({ secureCookies: https }));
  app.use(sessionMiddleware(kernel));
  app.use(apiClientMiddleware(kernel));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await pingDatabase(kernel.db);
      const pending = await pendingMigrations(kernel.db, migrationSourcesFor(modules));
      if (pending.length > 0) {
        return c.json({ status: 'not_ready', reason: `${pending.length} migration(s) not applied` }, 503);
      }
      return c.json({ status: 'ready', database: kernel.database.kind });
    } catch (error) {
      log.warn('readiness check failed', { error });
      return c.json({ status: 'not_ready', reason: 'database unreachable or migrations refused' }, 503);
    }
  });
  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );

  registerIdentityRoutes(app, kernel);
  registerJobAdminRoutes(app, kernel);
  registerInboxRoutes(app, kernel);
  registerPkiRoutes(app, kernel);
  registerOidcRoutes(app, kernel);
  const mounted: NaraModule[] = modules.map((m) => m.create(kernel));
  registerTransparencyLogRoutes(app, kernel);
  registerShellPages(app, kernel, [...mounted, transparencyLogShellPart]);
  for (const m of mounted) m.register(app);
  registerOpenApi(app, kernel);

  const respondWithError = (error: unknown, c: Context<AppEnv>) => {
    const problem = toProblem(error, c.get('requestId'));
    if (problem.status >= 500) log.error('unhandled error', { requestId: c.get('requestId'), error });
    if (wantsJson(c)) return problemResponse(c, problem);
    const signInFirst = authRedirectFor(c, problem.code);
    if (signInFirst) return c.redirect(signInFirst, 303);
    return renderErrorPage(c, problem);
  };
  app.notFound((c) => respondWithError(new DomainError('route_not_found', 404, `There is nothing at ${c.req.path}.`), c));
  app.onError(respondWithError);
  return app;
}
