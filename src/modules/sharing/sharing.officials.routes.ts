import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, notFound, type FieldProblem } from '../../kernel/http/errors.js';
import { authorize, requireSession } from '../../kernel/identity/policy.js';
import { renderApplicationPage, renderApplicationsPage, renderApplyPage, type ApplyForm, type DecideForm } from './sharing.approval.pages.js';
import { renderProviderAlertsPage } from './sharing.monitoring.pages.js';
import type { SharingService } from './sharing.service.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, 30);
const SERVICE_CODE = /^[a-z][a-z0-9-]{1,63}$/;

/** The service's field problems in the page's words (one message per field). */
function pageProblems(c: Context<AppEnv>, error: unknown, prefix: string, known: readonly string[]): FieldProblem[] {
  const t = c.get('t');
  if (error instanceof DomainError && error.code === 'validation_failed') {
    const fields = [...new Set(((error.extra.fields ?? []) as FieldProblem[]).map((f) => f.field))];
    return fields.map((f) => ({ field: known.includes(f) ? f : '', message: t(`${prefix}.${known.includes(f) ? f : 'other'}`) }));
  }
  if (error instanceof DomainError && (error.code === 'sharing_not_an_official' || error.code === 'sharing_approval_decided')) return [{ field: '', message: t(`sharing.problem.${error.code}`) }];
  throw error;
}

/** The end date from the three date parts, the end of that day in Korea; undefined when left empty, null when not a date. */
function endOfDay(parts: { day?: string; month?: string; year?: string }): Date | undefined | null {
  const { day = '', month = '', year = '' } = parts;
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T23:59:59+09:00`);
  return Number.isNaN(date.getTime()) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso ? null : date;
}

/** Pages for officials beside the lookup screen: applying for joint use, deciding applications, alerts about their agency's items. */
export function registerSharingOfficialPages(app: OpenAPIHono<AppEnv>, service: SharingService): void {
  app.get('/sharing/provider-alerts', async (c) => {
    authorize(c, 'official.start.view');
    const session = requireSession(c);
    const alerts = await service.providerAlerts(session);
    const names = new Map<string, string>();
    for (const id of new Set(alerts.map((a) => a.official_id))) names.set(id, await service.personName(id));
    return renderProviderAlertsPage(c, { alerts, names, agencies: await service.agencies(), mine: session.officialOf });
  });

  app.get('/sharing/applications', async (c) => {
    authorize(c, 'official.start.view');
    const session = requireSession(c);
    const all = await service.listApprovals();
    return renderApplicationsPage(c, {
      mine: all.filter((a) => session.officialOf.includes(a.consumer_id)),
      toDecide: all.filter((a) => a.status === 'applied' && session.officialOf.includes(a.provider_id)),
      items: await service.listItems(), agencies: await service.agencies(), now: service.now(),
    });
  });

  const latestItems = async () => {
    const items = await service.listItems();
    return items.filter((i, n) => items.findIndex((x) => x.code === i.code) === n);
  };

  app.get('/sharing/apply', async (c) => {
    authorize(c, 'official.start.view');
    const items = await latestItems();
    const code = c.req.query('item');
    const item = code ? items.find((i) => i.code === code) : undefined;
    const errors = code !== undefined && !item ? [{ field: 'item', message: c.get('t')('sharing.apply.error.item') }] : [];
    return renderApplyPage(c, { items, item, agencies: await service.agencies(), myAgencies: requireSession(c).officialOf, errors });
  });

  app.post('/sharing/apply', async (c) => {
    authorize(c, 'official.start.view');
    const session = requireSession(c);
    const items = await latestItems();
    const item = items.find((i) => i.code === c.req.query('item'));
    if (!item) throw notFound('The information item');
    const body = await c.req.parseBody({ all: true });
    const form: ApplyForm = { agencyId: str(body.agencyId), serviceCode: str(body.serviceCode), serviceName: str(body.serviceName), legalBasis: str(body.legalBasis), fields: list(body.fields), checks: list(body.checks) };
    const page = { items, item, agencies: await service.agencies(), myAgencies: session.officialOf, form };
    const t = c.get('t');
    const errors: FieldProblem[] = [
      ...(form.serviceName!.length < 3 || form.serviceName!.length > 200 ? [{ field: 'serviceName', message: t('sharing.apply.error.serviceName') }] : []),
      ...(SERVICE_CODE.test(form.serviceCode!) ? [] : [{ field: 'serviceCode', message: t('sharing.apply.error.serviceCode') }]),
      ...(form.legalBasis ? [] : [{ field: 'legalBasis', message: t('sharing.apply.error.legalBasis') }]),
    ];
    if (errors.length > 0) return renderApplyPage(c, { ...page, errors });
    try {
      const row = await service.apply(session, {
        agencyId: form.agencyId || undefined, itemCode: item.code, serviceCode: form.serviceCode!, serviceName: form.serviceName!, legalBasis: form.legalBasis!, fields: form.fields!, predicates: form.checks!,
      });
      return c.redirect(`/sharing/applications/${row.id}`, 303);
    } catch (error) {
      return renderApplyPage(c, { ...page, errors: pageProblems(c, error, 'sharing.apply.error', ['fields', 'predicates', 'legalBasis', 'itemCode']).map((p) => (p.field === 'predicates' ? { ...p, field: 'checks' } : p)) });
    }
  });

  const applicationPage = async (c: Context<AppEnv>, id: string, extra: { form?: DecideForm; errors?: FieldProblem[] } = {}) => {
    const approval = await service.approval(id);
    if (!approval) throw notFound('The application');
    const canDecide = requireSession(c).officialOf.includes(approval.provider_id);
    return renderApplicationPage(c, { approval, items: await service.listItems(), agencies: await service.agencies(), canDecide, now: service.now(), ...extra });
  };

  app.get('/sharing/applications/:id', async (c) => {
    authorize(c, 'official.start.view');
    return applicationPage(c, c.req.param('id'));
  });

  app.post('/sharing/applications/:id/decision', async (c) => {
    authorize(c, 'official.start.view');
    const session = requireSession(c);
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const form: DecideForm = { decision: str(body.decision), reason: str(body.reason), expiresAt: { day: str(body['expiresAt-day']), month: str(body['expiresAt-month']), year: str(body['expiresAt-year']) } };
    const t = c.get('t');
    const expiresAt = endOfDay(form.expiresAt!);
    const errors: FieldProblem[] = [
      ...(form.decision === 'approve' || form.decision === 'refuse' ? [] : [{ field: 'decision', message: t('sharing.application.error.decision') }]),
      ...(expiresAt === null ? [{ field: 'expiresAt-day', message: t('sharing.application.error.expiresAt') }] : []),
      ...(form.reason!.length > 1000 ? [{ field: 'reason', message: t('sharing.application.error.reasonLength') }] : []),
    ];
    if (errors.length > 0) return applicationPage(c, id, { form, errors });
    try {
      await service.decide(session, id, { decision: form.decision as 'approve' | 'refuse', reason: form.reason || undefined, expiresAt: expiresAt ?? undefined });
    } catch (error) {
      const problems = pageProblems(c, error, 'sharing.application.error', ['reason', 'expiresAt']).map((p) => (p.field === 'expiresAt' ? { ...p, field: 'expiresAt-day' } : p));
      return applicationPage(c, id, { form, errors: problems });
    }
    return c.redirect(`/sharing/applications/${id}`, 303);
  });
}
