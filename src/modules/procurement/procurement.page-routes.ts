import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { notFound } from '../../kernel/http/errors.js';
import { renderTenderListPage, renderTenderPage } from './procurement.pages.js';
import { renderResultPage, renderVendorPage } from './procurement.result.pages.js';
import type { ProcurementService } from './procurement.service.js';

const PAGE_SIZE = 25;
const TENDER_ID = /^tnd_[a-z0-9]{8,64}$/;

/** Public pages: anyone may read tenders, results and vendors' records, signed in or not. */
export function registerProcurementPages(app: OpenAPIHono<AppEnv>, service: ProcurementService, now: () => Date): void {
  const tenderId = (id: string) => {
    if (!TENDER_ID.test(id)) throw notFound('The tender');
    return id;
  };

  app.get('/procurement', async (c) => {
    const requested = Number.parseInt(c.req.query('page') ?? '1', 10);
    const pages = Math.max(1, Math.ceil((await service.countTenders()) / PAGE_SIZE));
    const page = Number.isSafeInteger(requested) && requested >= 1 && requested <= pages ? requested : 1;
    const tenders = await service.listTenders(PAGE_SIZE, (page - 1) * PAGE_SIZE);
    return renderTenderListPage(c, { tenders, names: await service.organisationsById(), now: now(), page, pages });
  });
  app.get('/procurement/tenders/:id', async (c) => {
    const view = await service.tenderView(tenderId(c.req.param('id')));
    return renderTenderPage(c, { view, names: await service.organisationsById(), now: now() });
  });
  app.get('/procurement/tenders/:id/result', async (c) => {
    const tender = await service.getTender(tenderId(c.req.param('id')));
    return renderResultPage(c, { tender, names: await service.organisationsById(), now: now(), award: await service.awardView(tender.id) });
  });
  app.get('/procurement/vendors/:id', async (c) => {
    const id = c.req.param('id');
    if (id.length > 64) throw notFound('The vendor');
    return renderVendorPage(c, { view: await service.vendorView(id), names: await service.organisationsById() });
  });
}
