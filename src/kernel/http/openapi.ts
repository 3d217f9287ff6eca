import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kernel } from '../kernel.js';
import type { AppEnv } from './context.js';

export const OPENAPI_PATH = '/api/openapi.json';

export function openApiDocumentConfig(kernel: Kernel) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nara API',
      version: '1',
      description:
        'JSON API of a Nara installation. Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Agency systems authenticate with a signed client assertion (see the API reference page).',
    },
    servers: [{ url: kernel.config.publicUrl }],
  };
}

/** Serves the OpenAPI 3.1 document generated from every route's zod schemas. */
export function registerOpenApi(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.doc31(OPENAPI_PATH, openApiDocumentConfig(kernel));
}
