import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, notFound, type FieldProblem } from '../../kernel/http/errors.js';
import { liveUpdates } from '../../kernel/http/live.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { renderBundleCheckPage, renderBundleStartPage, renderBundleStatusPage } from './gov24.bundle.pages.js';
import { findBundle } from './gov24.bundles.js';
import { renderCheckPage, renderConsentPage, renderQuestionPage, renderReceiptPage, renderUploadPage } from './gov24.apply.pages.js';
import { AGE_GROUPS, CATEGORIES, FACT_ITEMS, LIFE_EVENTS, visibleFields, type ServiceDefinition } from './gov24.catalogue.js';
import { inLocale, renderHomePage, renderResultsPage, renderServicePage, serviceName } from './gov24.catalogue.pages.js';
import { serviceDefinitionInput } from './gov24.schemas.js';
import { consentItemsOf, type Gov24Service } from './gov24.service.js';
import { renderApplicationPage, renderMyApplicationsPage, renderQueuePage } from './gov24.status.pages.js';
import type { ApplicationRow, ServiceRow } from './gov24.tables.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const text = z.object({ en: z.string(), ko: z.string() });
const serviceSummary = z.object({
  code: z.string(), name: text, category: z.string(), lifeEvent: z.string().nullable(), ageGroup: z.string(), applicableOnline: z.boolean(), version: z.number().int(),
}).openapi('Gov24ServiceSummary');
const serviceDetail = serviceSummary.extend({
  description: text, audience: text, eligibility: text, legalBasis: text, feeKrw: z.number().int(), processingDays: z.number().int(),
  factItems: z.array(z.object({ item: z.string(), holderAgencyCode: z.string() })),
  documents: z.array(z.object({ name: z.string(), label: text, types: z.array(z.string()), maxBytes: z.number().int() })),
  form: z.array(z.looseObject({ name: z.string(), type: z.string(), label: text, required: z.boolean() })),
}).openapi('Gov24Service');

const toSummary = (r: ServiceRow) => ({
  code: r.code, name: { en: r.name_en, ko: r.name_ko }, category: r.category, lifeEvent: r.life_event, ageGroup: r.age_group, applicableOnline: r.is_applicable, version: r.current_version,
});

const listServices = createRoute({
  method: 'get',
  path: '/api/v1/gov24/services',
  summary: 'Search or browse the service catalogue',
  description: 'With `q`: typo-tolerant search in Korean and English (best match first, at most 30). Otherwise browse by category, life event and age group, 20 a page.',
  tags: ['Gov24'],
  request: {
    query: z.object({
      q: z.string().max(100).optional(),
      category: z.enum(CATEGORIES).optional(),
      lifeEvent: z.enum(LIFE_EVENTS).optional(),
      ageGroup: z.enum(AGE_GROUPS).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: { 200: { description: 'Matching services.', content: { 'application/json': { schema: z.object({ total: z.number().int(), items: z.array(serviceSummary) }) } } }, 422: problem },
});

const getService = createRoute({
  method: 'get',
  path: '/api/v1/gov24/services/{code}',
  summary: 'One service with its current version (form definition included)',
  tags: ['Gov24'],
  request: { params: z.object({ code: z.string().min(1).max(100) }) },
  responses: { 200: { description: 'The service.', content: { 'application/json': { schema: serviceDetail } } }, 404: problem },
});

const publishService = createRoute({
  method: 'post',
  path: '/api/v1/gov24/services',
  summary: 'Publish a service, or a new version of it (agency administrators)',
  description: 'The form is data: fields, types, validation and conditions. Applications already started keep the version they began with.',
  tags: ['Gov24'],
  request: { body: { content: { 'application/json': { schema: serviceDefinitionInput } }, required: true } },
  responses: { 201: { description: 'The service as published.', content: { 'application/json': { schema: serviceSummary } } }, 401: problem, 403: problem, 409: problem, 422: problem },
});

const getApplication = createRoute({
  method: 'get',
  path: '/api/v1/gov24/applications/{applicationId}',
  summary: 'One application with its timeline (the applicant or an official of the agency)',
  tags: ['Gov24'],
  request: { params: z.object({ applicationId: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: 'The application.',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(), number: z.string().nullable(), service: z.string(), serviceVersion: z.number().int(), status: z.string(), submittedAt: z.string().nullable(),
            dueAt: z.string().nullable(), decision: z.string().nullable(), decisionReasons: z.string().nullable(), decisionRemedy: z.string().nullable(),
            timeline: z.array(z.object({ kind: z.string(), at: z.string() })),
          }),
        },
      },
    },
    401: problem,
    404: problem,
  },
});

/** Conflicts a form may meet, each with a message in the catalogues (`gov24.problem.<code>`). */
const FORM_PROBLEMS = new Set(['no_signing_certificate', 'application_closed', 'supplement_already_requested', 'no_supplement_requested', 'already_assigned', 'not_assigned', 'awaiting_supplement', 'application_incomplete']);

function fieldErrors(c: Context<AppEnv>, error: unknown): FieldProblem[] {
  const t = c.get('t');
  if (error instanceof DomainError && error.code === 'validation_failed') {
    return ((error.extra.fields ?? []) as FieldProblem[]).map((f) => ({ field: f.field, message: t(`gov24.problem.field.${f.field}`) }));
  }
  if (error instanceof DomainError && FORM_PROBLEMS.has(error.code)) return [{ field: '', message: t(`gov24.problem.${error.code}`) }];
  throw error;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function registerGov24Routes(app: OpenAPIHono<AppEnv>, service: Gov24Service): void {
  /** Agency names by code in the page's language, for "fetched from whom". */
  async function holderNames(c: Context<AppEnv>, definition: ServiceDefinition): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const item of definition.factItems) {
      const code = FACT_ITEMS[item]?.holder;
      const id = code && (await service.agencyIdByCode(code));
      if (id) out.set(item, await service.agencyName(id, c.get('locale')));
    }
    return out;
  }

  /** Where the journey goes next for this draft. */
  const nextHref = async (a: ApplicationRow, d: ServiceDefinition) => {
    const step = await service.nextStep(a, d);
    if (step.kind === 'question') return `/gov24/applications/${a.id}/q/${step.field}`;
    if (step.kind === 'upload') return `/gov24/applications/${a.id}/upload/${step.name}`;
    // A bundle part that is ready goes back to the bundle, which sends you to the next part.
    if (step.kind === 'check' && a.bundle_id) return `/gov24/bundles/${a.bundle_id}/continue`;
    return `/gov24/applications/${a.id}/${step.kind}`;
  };

  async function showApplication(c: Context<AppEnv>, id: string, extra: { errors?: FieldProblem[]; notice?: string } = {}) {
    const view = await service.read(requireSession(c), id);
    if (view.application.status === 'draft') return c.redirect(await nextHref(view.application, view.definition), 303);
    return renderApplicationPage(c, { view, agencyName: await service.agencyName(view.application.agency_id, c.get('locale')), holders: await holderNames(c, view.definition), ...extra });
  }

  app.get('/gov24', async (c) => renderHomePage(c, { counts: await service.countServices(), isOfficial: (c.get('session')?.officialOf.length ?? 0) > 0 }));

  app.get('/gov24/services', async (c) => {
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const pick = <T extends string>(values: readonly T[], v: string | undefined) => (values as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
    const category = pick(CATEGORIES, c.req.query('category'));
    const lifeEvent = pick(LIFE_EVENTS, c.req.query('lifeEvent'));
    const ageGroup = pick(AGE_GROUPS, c.req.query('ageGroup'));
    const page = Math.min(1000, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const filterText = [category && t(`gov24.category.${category}`), lifeEvent && t(`gov24.lifeEvent.${lifeEvent}`), ageGroup && t(`gov24.age.${ageGroup}`)].filter(Boolean).join(', ');
    if (q.trim()) {
      const rows = await service.search(q);
      return renderResultsPage(c, { query: q, filterText: '', rows, total: rows.length, page: 1, pageHref: () => '' });
    }
    const { rows, total } = await service.browse({ category, lifeEvent, ageGroup }, page);
    const params = (p: number) => new URLSearchParams({ ...(category ? { category } : {}), ...(lifeEvent ? { lifeEvent } : {}), ...(ageGroup ? { ageGroup } : {}), page: String(p) });
    return renderResultsPage(c, { query: '', filterText, rows, total, page, pageHref: (p) => `/gov24/services?${params(p).toString()}` });
  });

  app.get('/gov24/services/:code', async (c) => {
    const { service: svc, definition } = await service.serviceByCode(c.req.param('code'));
    return renderServicePage(c, { service: svc, definition, agencyName: await service.agencyName(svc.agency_id, c.get('locale')), holders: await holderNames(c, definition) });
  });

  app.post('/gov24/services/:code/apply', async (c) => {
    const { service: svc } = await service.serviceByCode(c.req.param('code'));
    const session = requireSession(c);
    const draft = await service.start(session, svc.code);
    return c.redirect(`/gov24/applications/${draft.id}/continue`, 303);
  });

  app.get('/gov24/applications/:id/continue', async (c) => {
    const { application, definition } = await service.draft(requireSession(c), c.req.param('id'));
    return c.redirect(await nextHref(application, definition), 303);
  });

  app.get('/gov24/applications/:id/q/:field', async (c) => {
    const { application, definition, service: svc } = await service.draft(requireSession(c), c.req.param('id'));
    const asked = visibleFields(definition.form, application.answers);
    const index = asked.findIndex((f) => f.name === c.req.param('field'));
    if (index < 0) throw notFound('The question');
    const back = index === 0 ? `/gov24/services/${encodeURIComponent(svc.code)}` : `/gov24/applications/${application.id}/q/${asked[index - 1]!.name}`;
    return renderQuestionPage(c, { application, definition, field: asked[index]!, value: application.answers[asked[index]!.name], errors: [], back });
  });

  app.post('/gov24/applications/:id/q/:field', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const name = c.req.param('field');
    const form = await c.req.parseBody();
    const raw = str(form[name]);
    const problem = await service.answer(session, id, name, raw);
    const { application, definition, service: svc } = await service.draft(session, id);
    if (problem) {
      const field = visibleFields(definition.form, application.answers).find((f) => f.name === name)!;
      const hint = field.patternHint ? inLocale(c, field.patternHint) : '';
      const message = c.get('t')(`gov24.error.${problem}`, { label: inLocale(c, field.label), hint, min: field.min ?? 0, max: field.max ?? 0 });
      return renderQuestionPage(c, { application, definition, field, value: raw, errors: [{ field: name, message }], back: `/gov24/services/${encodeURIComponent(svc.code)}` });
    }
    return c.redirect(await nextHref(application, definition), 303);
  });

  app.get('/gov24/applications/:id/upload/:name', async (c) => {
    const { application, definition } = await service.draft(requireSession(c), c.req.param('id'));
    const doc = definition.documents.find((d) => d.name === c.req.param('name'));
    if (!doc) throw notFound('The document');
    return renderUploadPage(c, { application, definition, doc, errors: [] });
  });

  app.post('/gov24/applications/:id/upload/:name', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const file = form.file instanceof File ? { filename: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) } : null;
    const problem = await service.upload(session, id, c.req.param('name'), file);
    const { application, definition } = await service.draft(session, id);
    if (problem) {
      const doc = definition.documents.find((d) => d.name === c.req.param('name'))!;
      const message = c.get('t')(`gov24.error.${problem}`, { label: inLocale(c, doc.label), types: doc.types.map((x) => x.split('/')[1]!.toUpperCase()).join(', '), kb: Math.floor(doc.maxBytes / 1024) });
      return renderUploadPage(c, { application, definition, doc, errors: [{ field: 'file', message }] });
    }
    return c.redirect(await nextHref(application, definition), 303);
  });

  app.get('/gov24/applications/:id/documents/:name', async (c) => {
    const doc = await service.documentContent(requireSession(c), c.req.param('id'), c.req.param('name'));
    return c.body(new Uint8Array(doc.content), 200, {
      'content-type': doc.content_type,
      'content-disposition': `attachment; filename="${encodeURIComponent(doc.filename)}"`,
      'x-content-type-options': 'nosniff',
    });
  });

  app.get('/gov24/applications/:id/consent', async (c) => {
    const { application, definition } = await service.draft(requireSession(c), c.req.param('id'));
    const holders = await holderNames(c, definition);
    return renderConsentPage(c, { application, definition, items: consentItemsOf(definition).map((i) => ({ ...i, holder: holders.get(i.item) ?? i.agencyCode })), errors: [] });
  });

  app.post('/gov24/applications/:id/consent', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    if (str(form.consent) !== 'yes') {
      const { application, definition } = await service.draft(session, id);
      const holders = await holderNames(c, definition);
      const message = c.get('t')(str(form.consent) === 'no' ? 'gov24.consent.refused' : 'gov24.consent.error');
      return renderConsentPage(c, { application, definition, items: consentItemsOf(definition).map((i) => ({ ...i, holder: holders.get(i.item) ?? i.agencyCode })), errors: [{ field: 'consent', message }] });
    }
    await service.consent(session, id, true);
    const { application, definition } = await service.draft(session, id);
    return c.redirect(await nextHref(application, definition), 303);
  });

  app.get('/gov24/applications/:id/check', async (c) => {
    const { application, definition } = await service.draft(requireSession(c), c.req.param('id'));
    if ((await service.nextStep(application, definition)).kind !== 'check') return c.redirect(await nextHref(application, definition), 303);
    return renderCheckPage(c, {
      application, definition, documents: await service.listDocuments(application.id), agencyName: await service.agencyName(application.agency_id, c.get('locale')), holders: await holderNames(c, definition), errors: [],
    });
  });

  app.post('/gov24/applications/:id/submit', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    try {
      await service.submit(session, id);
    } catch (error) {
      // Signing needs a fresh passkey check: go and do it, then come back to this page.
      if (error instanceof DomainError && error.code === 'reauthentication_required') {
        return c.redirect(`/reauthenticate?next=${encodeURIComponent(`/gov24/applications/${id}/check`)}`, 303);
      }
      throw error;
    }
    return c.redirect(`/gov24/applications/${id}/receipt`, 303);
  });

  app.get('/gov24/applications/:id/receipt', async (c) => {
    const { row, receipt } = await service.receipt(requireSession(c), c.req.param('id'));
    const svc = await service.read(requireSession(c), row.id);
    return renderReceiptPage(c, { row, integrated: receipt !== null, agencyName: await service.agencyName(row.agency_id, c.get('locale')), serviceName: serviceName(c, svc.service) });
  });

  app.get('/gov24/applications/:id/receipt.json', async (c) => {
    const { row, receipt } = await service.receipt(requireSession(c), c.req.param('id'));
    if (!receipt) throw new DomainError('log_entry_pending', 409, 'The application is not in a signed checkpoint yet. Try again shortly.');
    const body = { application: { id: row.id, number: row.number, submittedAt: row.submitted_at?.toISOString(), documentSha256: row.document_sha256 }, subjectSalt: row.subject_salt, logReceipt: receipt };
    return c.body(JSON.stringify(body, null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${row.number}-receipt.json"` });
  });

  app.get('/gov24/applications/:id/decision.jws', async (c) => {
    const { application } = await service.read(requireSession(c), c.req.param('id'));
    if (!application.decision_jws) throw notFound('The signed decision');
    return c.body(application.decision_jws, 200, { 'content-type': 'application/jose; charset=utf-8', 'content-disposition': `attachment; filename="${application.number}-decision.jws"` });
  });

  // Live status: an `update` event when the application has a newer step than the page showed.
  app.get('/gov24/applications/:id/live', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const t = c.get('t');
    await service.liveState(session, id); // 404 before the stream opens when the reader may not see it
    return liveUpdates(c, async () => {
      const { status, lastEvent } = await service.liveState(session, id);
      return {
        id: lastEvent?.id ?? 0,
        message: t('gov24.live.update', { status: t(`gov24.status.${status}`), step: lastEvent ? t(`gov24.event.${lastEvent.kind}`) : '' }),
        data: { status },
      };
    });
  });

  app.get('/gov24/applications', async (c) => renderMyApplicationsPage(c, await service.listMine(requireSession(c))));
  app.get('/gov24/applications/:id', (c) => showApplication(c, c.req.param('id'), c.req.query('done') ? { notice: c.get('t')('gov24.done') } : {}));

  const act = (path: string, run: (c: Context<AppEnv>, id: string, form: Record<string, unknown>) => Promise<void>, after?: string) =>
    app.post(`/gov24/applications/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      try {
        await run(c, id, form);
      } catch (error) {
        return showApplication(c, id, { errors: fieldErrors(c, error) });
      }
      return c.redirect(after ?? `/gov24/applications/${id}?done=${path}`, 303);
    });

  act('withdraw', (c, id) => service.withdraw(requireSession(c), id), '/gov24/applications');
  act('supplement', (c, id, f) => service.provideSupplement(requireSession(c), id, str(f.supplement)));
  act('assign', (c, id) => service.assign(requireSession(c), id));
  act('review', (c, id) => service.startReview(requireSession(c), id));
  act('request-supplement', (c, id, f) => service.requestSupplement(requireSession(c), id, str(f.note)));
  act('decide', (c, id, f) => service.decide(requireSession(c), id, { decision: str(f.decision), reasons: str(f.reasons), remedy: str(f.remedy) }));

  app.get('/gov24/life-events/:code', async (c) => {
    const bundle = findBundle(c.req.param('code'));
    if (!bundle) throw notFound('The bundle');
    const parts = [];
    for (const code of bundle.parts) {
      const found = code.includes('{town}') ? null : await service.serviceByCode(code);
      parts.push({
        name: found ? serviceName(c, found.service) : c.get('t')('gov24.bundle.townPart'),
        agency: found ? await service.agencyName(found.service.agency_id, c.get('locale')) : c.get('t')('gov24.bundle.yourTown'),
      });
    }
    return renderBundleStartPage(c, { bundle, parts });
  });

  app.post('/gov24/life-events/:code/apply', async (c) => {
    const bundleId = await service.startBundle(requireSession(c), c.req.param('code'));
    return c.redirect(`/gov24/bundles/${bundleId}/continue`, 303);
  });

  const bundleView = async (c: Context<AppEnv>) => {
    const { definition, parts } = await service.bundleParts(requireSession(c), c.req.param('id') ?? '');
    return { definition, parts: await Promise.all(parts.map(async (p) => ({ ...p, agency: await service.agencyName(p.agency_id, c.get('locale')) }))) };
  };

  app.get('/gov24/bundles/:id/continue', async (c) => {
    const { parts } = await bundleView(c);
    for (const part of parts.filter((p) => p.status === 'draft')) {
      const { application, definition } = await service.draft(requireSession(c), part.id);
      const step = await service.nextStep(application, definition);
      if (step.kind !== 'check') return c.redirect(await nextHref(application, definition), 303);
    }
    return c.redirect(parts.some((p) => p.status === 'draft') ? `/gov24/bundles/${c.req.param('id')}/check` : `/gov24/bundles/${c.req.param('id')}`, 303);
  });

  app.get('/gov24/bundles/:id/check', async (c) => {
    const { definition, parts } = await bundleView(c);
    return renderBundleCheckPage(c, { bundle: definition, bundleId: c.req.param('id'), parts });
  });

  app.post('/gov24/bundles/:id/submit', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const { parts } = await service.bundleParts(session, id);
    try {
      // Each part is its own application: numbered, routed to its agency and logged.
      for (const part of parts.filter((p) => p.status === 'draft')) await service.submit(session, part.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'reauthentication_required') {
        return c.redirect(`/reauthenticate?next=${encodeURIComponent(`/gov24/bundles/${id}/check`)}`, 303);
      }
      if (error instanceof DomainError && error.code === 'application_incomplete') return c.redirect(`/gov24/bundles/${id}/continue`, 303);
      throw error;
    }
    return c.redirect(`/gov24/bundles/${id}`, 303);
  });

  app.get('/gov24/bundles/:id', async (c) => {
    const { definition, parts } = await bundleView(c);
    return renderBundleStatusPage(c, { bundle: definition, parts });
  });

  app.get('/gov24/queue', async (c) => {
    const session = requireSession(c);
    const queues = await service.queues(session);
    return renderQueuePage(c, { queues: await Promise.all(queues.map(async (q) => ({ agencyName: await service.agencyName(q.agencyId, c.get('locale')), applications: q.applications }))) });
  });

  app.openapi(listServices, async (c) => {
    const q = c.req.valid('query');
    if (q.q?.trim()) {
      const rows = await service.search(q.q);
      return c.json({ total: rows.length, items: rows.map(toSummary) }, 200);
    }
    const { rows, total } = await service.browse({ category: q.category, lifeEvent: q.lifeEvent, ageGroup: q.ageGroup }, q.page ?? 1);
    return c.json({ total, items: rows.map(toSummary) }, 200);
  });

  app.openapi(publishService, async (c) => c.json(toSummary(await service.publishAs(requireSession(c), c.req.valid('json'))), 201));

  app.openapi(getService, async (c) => {
    const { service: svc, definition: d } = await service.serviceByCode(c.req.valid('param').code);
    return c.json({
      ...toSummary(svc), description: d.description, audience: d.audience, eligibility: d.eligibility, legalBasis: d.legalBasis, feeKrw: d.feeKrw, processingDays: d.processingDays,
      factItems: consentItemsOf(d).map((i) => ({ item: i.item, holderAgencyCode: i.agencyCode })), documents: d.documents, form: d.form,
    }, 200);
  });

  app.openapi(getApplication, async (c) => {
    const { application: a, service: svc, events } = await service.read(requireSession(c), c.req.valid('param').applicationId);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return c.json({
      id: a.id, number: a.number, service: svc.code, serviceVersion: a.service_version, status: a.status, submittedAt: iso(a.submitted_at), dueAt: iso(a.due_at),
      decision: a.decision, decisionReasons: a.decision_reasons, decisionRemedy: a.decision_remedy, timeline: events.map((e) => ({ kind: e.kind, at: e.at.toISOString() })),
    }, 200);
  });
}
