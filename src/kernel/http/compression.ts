import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/**
 * Pages and JSON go out gzip-compressed when the client accepts it (static assets are stored
 * pre-compressed, see ui/assets.ts). Server-sent event streams, PDFs, images and log tiles are
 * left as they are: streams must flush event by event, and the others are compressed already or
 * read byte for byte by verifiers.
 */
export function responseCompression(): MiddlewareHandler {
  return compress({
    threshold: 1024,
    contentTypeFilter: /^\s*(?:text\/html|application\/json|application\/problem\+json|application\/[a-z0-9.+-]+\+json)(?:[;\s]|$)/i,
  });
}
