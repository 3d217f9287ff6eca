import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { DomainError } from '../../http/errors.js';
import { problemResponse, toProblem } from '../../http/problem.js';
import type { Kernel } from '../../kernel.js';
import type { NaraModule } from '../../module.js';
import { parseTilePath } from '../tlog/tiles.js';
import { renderTransparencyPage } from './log.pages.js';

/** Error code: the path under /log/tile/ is not a C2SP tile or entry-bundle path. */
export const LOG_TILE_PATH_INVALID = 'log_tile_path_invalid';
/** Error code: the log has no such tile or entry bundle (yet). */
export const LOG_TILE_NOT_FOUND = 'log_tile_not_found';

const IMMUTABLE = 'public, max-age=31536000, immutable';

const receiptSchema = z
  .object({
    entry: z.union([z.string(), z.record(z.string(), z.unknown())]).describe('The entry as JSON (its RFC 8785 form is the logged bytes), or base64 of the bytes.'),
    index: z.number().int().describe('0-based position in the log.'),
    checkpoint: z.string().describe('The signed checkpoint (C2SP signed note) the proof leads to.'),
    inclusionProof: z.array(z.string()).describe('RFC 6962 inclusion proof, base64 hashes.'),
  })
  .openapi('LogReceipt');

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };

const getReceipt = createRoute({
  method: 'get',
  path: '/api/v1/log/receipts/{index}',
  summary: 'Receipt for a transparency log entry',
  description:
    'The entry, the latest signed checkpoint and the inclusion proof from the entry to its root. Check it offline with ' +
    '`nara verify receipt <file> --log-key <key>` using the key at /.well-known/nara/log-key.',
  tags: ['Transparency log'],
  request: { params: z.object({ index: z.string().regex(/^\d{1,15}$/).transform(Number).openapi({ description: 'Entry index (0-based).', example: '0' }) }) },
  responses: { 200: { description: 'The receipt.', content: { 'application/json': { schema: receiptSchema } } }, 404: problem, 422: problem },
});

/** C2SP clients read /log/ without asking for JSON; their errors are problem+json all the same. */
const tileProblem = (c: Context<AppEnv>, error: DomainError) => {
  const response = problemResponse(c, toProblem(error, c.get('requestId')));
  response.headers.set('cache-control', 'no-store');
  return response;
};

/** The log's read API (C2SP tlog-tiles under /log/), its verifier key, receipts and the public page. */
export function registerTransparencyLogRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  const tlog = kernel.transparencyLog;

  app.get('/log/checkpoint', async (c) => {
    const checkpoint = await tlog.latestCheckpoint();
    return c.body(checkpoint.note, 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  });

  app.get('/log/tile/*', async (c) => {
    const path = new URL(c.req.url).pathname.slice('/log/'.length);
    let parsed;
    try {
      parsed = parseTilePath(path);
    } catch {
      return tileProblem(c, new DomainError(LOG_TILE_PATH_INVALID, 400, `"/log/${path}" is not a tile path (tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]).`));
    }
    const data = parsed.kind === 'entries' ? await tlog.readEntryBundle(parsed.index, parsed.width) : await tlog.readTile(parsed.level, parsed.index, parsed.width);
    if (!data) return tileProblem(c, new DomainError(LOG_TILE_NOT_FOUND, 404, `The log has no /log/${path} yet.`));
    return c.body(data as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/octet-stream', 'cache-control': IMMUTABLE });
  });

  app.get('/.well-known/nara/log-key', async (c) =>
    c.body(await tlog.verifierKey(), 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );

  app.openapi(getReceipt, async (c) => {
    const receipt = await tlog.receiptFor({ index: c.req.valid('param').index });
    return c.json(receipt as z.infer<typeof receiptSchema>, 200);
  });

  app.get('/transparency', (c) => renderTransparencyPage(c, kernel));
}

/**
 * The log as the UI shell's home page sees a service: its "Transparency log" area links to
 * /transparency (served by the kernel, so never "Coming"). Routes are registered above, not here.
 */
export const transparencyLogShellPart: NaraModule = {
  name: 'kernel.trust.log',
  register: () => undefined,
  serviceLinks: [{ href: '/transparency', titleKey: 'ui.area.transparency.title', descriptionKey: 'ui.area.transparency.description' }],
};
