import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, notFound, type FieldProblem } from '../../kernel/http/errors.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { Button, Select, TextInput, WarningText } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import type { ProcurementService } from './procurement.service.js';
import type { TenderRow } from './procurement.tables.js';

const SCRIPTS = { 'bid-page.js': readFileSync(new URL('./assets/bid-page.js', import.meta.url)), 'seal-bid.js': readFileSync(new URL('./assets/seal-bid.js', import.meta.url)) };
const PAGE_PROBLEMS = new Set(['reauthentication_required', 'bid_deadline_passed', 'tender_not_open', 'vendor_debarred', 'vendor_not_registered', 'no_signing_certificate']);

interface BidPageInput {
  tender: TenderRow;
  vendors: { id: string; name: string }[];
  errors?: FieldProblem[];
  receipt?: { bidId: string; commitment: string };
}

function renderBidPage(c: Context<AppEnv>, input: BidPageInput) {
  const t = c.get('t');
  const { tender } = input;
  const title = t('procurement.bid.title', { title: tender.title });
  const picks = Array.from({ length: 15 }, (_, i) => ({ value: String(i + 1), text: String(i + 1) }));
  return renderPage(
    c,
    { title, errors: input.errors ?? [], backLink: { href: `/procurement/tenders/${tender.id}`, text: tender.title }, ...(input.receipt ? { banner: { kind: 'success' as const, text: t('procurement.bid.sent') } } : {}) },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      {input.receipt ? (
        <p class="govuk-body">{t('procurement.bid.receipt', { bidId: input.receipt.bidId })} <code class="govuk-!-text-break-word">{input.receipt.commitment}</code></p>
      ) : null}
      <WarningText t={t}>{t('procurement.bid.needsScript')}</WarningText>
      <p class="govuk-body">{t('procurement.bid.cli')}</p>
      <form method="post" action={`/procurement/tenders/${tender.id}/bid`} novalidate data-opening-key={JSON.stringify(tender.opening_public_jwk)} data-tender-id={tender.id}>
        <CsrfField c={c} />
        <input type="hidden" name="sealed" value="" />
        <Select t={t} name="vendorId" label={t('procurement.bid.vendor')} options={input.vendors.map((v) => ({ value: v.id, text: v.name }))} />
        <TextInput t={t} name="" id="price" label={t('procurement.bid.price')} hint={t('procurement.bid.priceHint')} inputmode="numeric" autocomplete="off" />
        {tender.award_method === 'multiple_reserve_price' ? (
          <>
            <Select t={t} name="" id="pick1" label={t('procurement.bid.pick', { n: 1 })} options={picks} />
            <Select t={t} name="" id="pick2" label={t('procurement.bid.pick', { n: 2 })} options={picks} />
          </>
        ) : null}
        <Button text={t('procurement.bid.submit')} />
      </form>
      <script type="module" src="/procurement/assets/bid-page.js"></script>
    </>,
  );
}

/** The one page that needs JavaScript: the browser seals the bid; the server only sees the sealed bid. */
export function registerBidPage(app: OpenAPIHono<AppEnv>, service: ProcurementService): void {
  for (const [name, body] of Object.entries(SCRIPTS)) {
    app.get(`/procurement/assets/${name}`, (c) => c.body(body, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  }
  async function show(c: Context<AppEnv>, extra: Pick<BidPageInput, 'errors' | 'receipt'> = {}) {
    const session = requireSession(c);
    const id = c.req.param('id') ?? '';
    if (!/^tnd_[a-z0-9]{8,64}$/.test(id)) throw notFound('The tender');
    const tender = await service.getTender(id);
    const names = await service.organisationsById();
    const vendors = (await service.vendorsOf(session.personId)).map((v) => ({ id: v, name: (c.get('locale') === 'ko' ? names.get(v)?.name_ko : names.get(v)?.name_en) ?? v }));
    return renderBidPage(c, { tender, vendors, ...extra, ...(extra.errors ? { errors: extra.errors } : {}) });
  }
  app.get('/procurement/tenders/:id/bid', (c) => show(c));
  app.post('/procurement/tenders/:id/bid', async (c) => {
    const session = requireSession(c);
    const form = await c.req.parseBody();
    const sealed = typeof form.sealed === 'string' ? form.sealed : '';
    const vendorId = typeof form.vendorId === 'string' ? form.vendorId : '';
    const t = c.get('t');
    if (!sealed) return show(c, { errors: [{ field: 'price', message: t('procurement.bid.notSealed') }] });
    try {
      const receipt = await service.submitBid(session, c.req.param('id'), { vendorId, sealed });
      return show(c, { receipt });
    } catch (error) {
      if (error instanceof DomainError && (PAGE_PROBLEMS.has(error.code) || error.code === 'validation_failed')) {
        return show(c, { errors: [{ field: 'price', message: error.code === 'validation_failed' ? t('procurement.bid.notSealed') : error.message }] });
      }
      throw error;
    }
  });
}
