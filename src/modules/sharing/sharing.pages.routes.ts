import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, type FieldProblem } from '../../kernel/http/errors.js';
import { authorize, requireSession } from '../../kernel/identity/policy.js';
import { REFUSAL_STATUS } from './sharing.errors.js';
import { KNOWN_CHECKS, renderAlertPage, renderApprovalsPage, renderAuditPage, renderLookupPage, renderMyDataPage, renderStartPage, type ServiceChoice } from './sharing.pages.js';
import type { SharingService } from './sharing.service.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const FORM_FIELDS = ['service', 'caseId', 'externalCaseId', 'personId', 'check', 'parameter'] as const;
/** Problems the lookup form shows in words instead of an error page. */
const FORM_PROBLEMS = new Set([...Object.keys(REFUSAL_STATUS), 'sharing_not_an_official', 'sharing_rate_limited', 'validation_failed', 'not_found']);

async function serviceChoices(service: SharingService, c: Context<AppEnv>): Promise<ServiceChoice[]> {
  const groups = await service.servicesFor(requireSession(c));
  return groups.flatMap((g) =>
    [...new Set(g.approvals.map((a) => a.legal_basis))].map((legalBasis) => ({
      value: `${g.consumerId}|${g.serviceCode}|${legalBasis}`,
      consumerId: g.consumerId,
      serviceCode: g.serviceCode,
      serviceName: g.serviceName,
      legalBasis,
      predicates: g.approvals.filter((a) => a.legal_basis === legalBasis).flatMap((a) => a.predicates),
    })),
  );
}

function problemsOf(c: Context<AppEnv>, error: unknown): FieldProblem[] {
  const t = c.get('t');
  if (!(error instanceof DomainError) || !FORM_PROBLEMS.has(error.code)) throw error;
  if (error.code === 'validation_failed') {
    const fields = (error.extra.fields ?? []) as FieldProblem[];
    return fields.length > 0 ? fields.map((f) => ({ field: f.field, message: t('sharing.problem.validation_failed') })) : [{ field: '', message: t('sharing.problem.validation_failed') }];
  }
  const field = error.code.startsWith('sharing_case') ? 'caseId' : error.code === 'not_found' ? 'personId' : 'service';
  return [{ field, message: t(`sharing.problem.${error.code}`) }];
}

export function registerSharingPages(app: OpenAPIHono<AppEnv>, service: SharingService): void {
  app.get('/sharing', (c) => renderStartPage(c));

  app.get('/sharing/approvals', async (c) =>
    renderApprovalsPage(c, { approvals: await service.listApprovals(), items: await service.listItems(), agencies: await service.agencies(), now: service.now() }),
  );

  app.get('/sharing/lookup', async (c) => {
    const session = requireSession(c);
    authorize(c, 'official.start.view');
    const caseId = str(c.req.query('caseId'));
    const deskCase = caseId ? await service.cases.caseFor(session, caseId) : undefined;
    return renderLookupPage(c, {
      services: await serviceChoices(service, c), items: await service.listItems(), agencies: await service.agencies(),
      ...(deskCase ? { deskCase } : { openCases: await service.cases.openCases(session), ...(caseId ? { form: { caseId } } : {}) }),
    });
  });

  app.post('/sharing/lookup', async (c) => {
    const session = requireSession(c);
    authorize(c, 'official.start.view');
    const body = await c.req.parseBody();
    const form = Object.fromEntries(FORM_FIELDS.map((f) => [f, str(body[f])])) as Record<(typeof FORM_FIELDS)[number], string>;
    const services = await serviceChoices(service, c);
    const deskCase = body.fromCase === '1' && form.caseId ? await service.cases.caseFor(session, form.caseId) : undefined;
    const page = { services, items: await service.listItems(), agencies: await service.agencies(), form, deskCase, remoteNodes: await service.remoteNodes() };
    const chosen = services.find((s) => s.value === form.service);
    if (!chosen) return renderLookupPage(c, { ...page, errors: [{ field: 'service', message: c.get('t')('sharing.problem.sharing_not_approved') }] });
    const common = {
      agencyId: chosen.consumerId,
      serviceCode: chosen.serviceCode,
      legalBasis: chosen.legalBasis,
      caseId: form.caseId || undefined,
      externalCaseId: form.externalCaseId || undefined,
      personId: form.personId || undefined,
    };
    try {
      if (body.mode === 'check') {
        if (!KNOWN_CHECKS.has(form.check)) return renderLookupPage(c, { ...page, errors: [{ field: 'check', message: c.get('t')('sharing.problem.validation_failed') }] });
        return renderLookupPage(c, { ...page, check: await service.check(session, { ...common, predicate: form.check, parameter: form.parameter || undefined }) });
      }
      return renderLookupPage(c, { ...page, result: await service.extract(session, common) });
    } catch (error) {
      return renderLookupPage(c, { ...page, errors: problemsOf(c, error) });
    }
  });

  app.get('/sharing/my-data', async (c) =>
    renderMyDataPage(c, { accesses: await service.myAccesses(requireSession(c)), items: await service.listItems(), agencies: await service.agencies() }),
  );

  app.get('/sharing/audit', async (c) => {
    authorize(c, 'audit.view');
    const alerts = await service.listAlerts();
    const names = new Map<string, string>();
    for (const id of new Set(alerts.map((a) => a.official_id))) names.set(id, await service.personName(id));
    return renderAuditPage(c, { alerts, names, agencies: await service.agencies() });
  });

  app.get('/sharing/audit/:alertId', async (c) => {
    authorize(c, 'audit.view');
    return renderAlertPage(c, { ...(await service.alertDetail(c.req.param('alertId'))), items: await service.listItems() });
  });
}
