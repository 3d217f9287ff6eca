import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { notFound } from '../../kernel/http/errors.js';
import { OCDS_PAGE_SIZE, type OcdsPublisher } from './procurement.ocds.js';
import type { ProcurementService } from './procurement.service.js';

const tags = ['e-Procurement open data (OCDS)'];
const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1).openapi({ description: `Page number; ${OCDS_PAGE_SIZE} contracting processes a page.` }) });
const ocdsJson = (description: string) => ({ description, content: { 'application/json': { schema: z.looseObject({ uri: z.string(), version: z.literal('1.1'), publishedDate: z.string() }) } } });
const tenderParam = z.object({ tenderId: z.string().regex(/^tnd_[a-z0-9]{8,64}$/).openapi({ description: 'The tender id (tnd_...); the ocid is the publisher prefix and this id.' }) });

const releases = createRoute({
  method: 'get', path: '/api/v1/procurement/ocds/releases', tags, summary: 'Release package, newest processes first, paginated',
  description: 'Every release (tender, tenderAmendment, tenderCancellation, award) of a page of contracting processes; `links.next` and `links.prev` page through.',
  request: { query: pageQuery },
  responses: { 200: ocdsJson('An OCDS 1.1 release package.'), 404: problem, 422: problem },
});
const records = createRoute({
  method: 'get', path: '/api/v1/procurement/ocds/records', tags, summary: 'Record package, newest processes first, paginated',
  request: { query: pageQuery },
  responses: { 200: ocdsJson('An OCDS 1.1 record package: each record embeds its releases and the compiled release.'), 404: problem, 422: problem },
});
const record = createRoute({
  method: 'get', path: '/api/v1/procurement/ocds/records/{tenderId}', tags, summary: 'The record of one contracting process',
  request: { params: tenderParam },
  responses: { 200: ocdsJson('An OCDS 1.1 record package with one record.'), 404: problem, 422: problem },
});
const bulkReleases = createRoute({
  method: 'get', path: '/api/v1/procurement/ocds/bulk/releases.json', tags, summary: 'Bulk download: every release in one package',
  responses: { 200: ocdsJson('An OCDS 1.1 release package of everything published.'), 404: problem },
});
const bulkRecords = createRoute({
  method: 'get', path: '/api/v1/procurement/ocds/bulk/records.json', tags, summary: 'Bulk download: every record in one package',
  responses: { 200: ocdsJson('An OCDS 1.1 record package of everything published.'), 404: problem },
});

export function registerOcdsRoutes(app: OpenAPIHono<AppEnv>, service: ProcurementService, ocds: OcdsPublisher, publicUrl: string): void {
  async function paged(path: string, page: number) {
    const pages = Math.max(1, Math.ceil((await service.countTenders()) / OCDS_PAGE_SIZE));
    const tenders = page <= pages ? await service.listTenders(OCDS_PAGE_SIZE, (page - 1) * OCDS_PAGE_SIZE) : [];
    // An OCDS package holds at least one release or record: an empty page does not exist.
    if (tenders.length === 0) throw notFound('The page');
    const url = (n: number) => `${publicUrl}${path}?page=${n}`;
    const links = { ...(page < pages ? { next: url(page + 1) } : {}), ...(page > 1 ? { prev: url(Math.min(page - 1, pages)) } : {}) };
    return { tenders, links, self: `${path}?page=${page}` };
  }
  async function everything() {
    const all = [];
    for (let offset = 0; ; offset += OCDS_PAGE_SIZE) {
      const batch = await service.listTenders(OCDS_PAGE_SIZE, offset);
      all.push(...batch);
      if (batch.length < OCDS_PAGE_SIZE) return all;
    }
  }
  const download = (c: Context<AppEnv>, name: string) => c.header('content-disposition', `attachment; filename="${name}"`);

  app.openapi(releases, async (c) => {
    const { tenders, links, self } = await paged('/api/v1/procurement/ocds/releases', c.req.valid('query').page);
    return c.json(await ocds.releasePackage(tenders, self, links), 200);
  });
  app.openapi(records, async (c) => {
    const { tenders, links, self } = await paged('/api/v1/procurement/ocds/records', c.req.valid('query').page);
    return c.json(await ocds.recordPackage(tenders, self, links), 200);
  });
  app.openapi(record, async (c) => {
    const id = c.req.valid('param').tenderId;
    return c.json(await ocds.recordPackage([await service.getTender(id)], `/api/v1/procurement/ocds/records/${id}`), 200);
  });
  app.openapi(bulkReleases, async (c) => {
    if ((await service.countTenders()) === 0) throw notFound('Published data');
    download(c, 'nara-ocds-releases.json');
    return c.json(await ocds.releasePackage(await everything(), '/api/v1/procurement/ocds/bulk/releases.json'), 200);
  });
  app.openapi(bulkRecords, async (c) => {
    if ((await service.countTenders()) === 0) throw notFound('Published data');
    download(c, 'nara-ocds-records.json');
    return c.json(await ocds.recordPackage(await everything(), '/api/v1/procurement/ocds/bulk/records.json'), 200);
  });
}
