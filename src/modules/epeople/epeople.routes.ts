import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound, type FieldProblem } from '../../kernel/http/errors.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { renderCasePage, renderMyCasesPage, renderPublicCasePage, renderQueuePage } from './epeople.case.pages.js';
import {
  FILING_STEPS,
  renderCheckPage,
  renderQuestionPage,
  renderReceiptPage,
  renderStartPage,
  type Draft,
  type FilingStep,
} from './epeople.filing.pages.js';
import type { AttachmentService } from './epeople.attachments.js';
import { caseSchema, caseTypeSchema, fileCaseInput } from './epeople.schemas.js';
import { logContentHash, type CaseView, type EpeopleService } from './epeople.service.js';
import type { CaseRow } from './epeople.tables.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };

const toCaseJson = (view: Pick<CaseView, 'case' | 'history'>) => {
  const r = view.case;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    number: r.number,
    type: r.type as z.infer<typeof caseSchema>['type'],
    title: r.title,
    content: r.content,
    locationAddress: r.location_address,
    locationLat: r.location_lat,
    locationLon: r.location_lon,
    isPublic: r.is_public,
    status: r.status,
    agencyId: r.agency_id,
    receivedAt: r.received_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    pausedAt: iso(r.paused_at),
    extensions: r.extensions,
    supplementRequests: r.supplement_requests,
    answer: r.answer,
    answeredAt: iso(r.answered_at),
    answerOutcome: r.answer_outcome as z.infer<typeof caseSchema>['answerOutcome'],
    answerRemedies: r.answer_remedies,
    satisfaction: r.satisfaction as z.infer<typeof caseSchema>['satisfaction'],
    reopenedAs: r.reopened_as,
    reopenedFrom: r.reopened_from,
    history: view.history.map((e) => ({ kind: e.kind, at: e.at.toISOString(), fromAgencyId: e.from_agency_id, toAgencyId: e.to_agency_id, note: e.note, dueAt: iso(e.due_at) })),
  };
};

const caseIdParam = z.object({ caseId: z.string().min(1).max(64).openapi({ description: 'The case id (cas_...).' }) });

const listTypes = createRoute({
  method: 'get',
  path: '/api/v1/epeople/case-types',
  summary: 'Case types and their legal periods',
  tags: ['e-People'],
  responses: { 200: { description: 'Every type a case may have.', content: { 'application/json': { schema: z.object({ items: z.array(caseTypeSchema) }) } } } },
});

const fileCase = createRoute({
  method: 'post',
  path: '/api/v1/epeople/cases',
  summary: 'File a case (signed-in person)',
  description: 'Routes the case, computes its due time on the statutory clock and records the filing in the transparency log.',
  tags: ['e-People'],
  request: { body: { content: { 'application/json': { schema: fileCaseInput } }, required: true } },
  responses: {
    201: {
      description: 'The case as filed, with the filer\'s earlier filings of the same content.',
      content: { 'application/json': { schema: z.object({ case: caseSchema, repeats: z.object({ filed: z.number().int(), answered: z.number().int() }) }) } },
    },
    401: problem,
    422: problem,
  },
});

const listMine = createRoute({
  method: 'get',
  path: '/api/v1/epeople/cases',
  summary: 'My cases, newest first',
  tags: ['e-People'],
  responses: { 200: { description: 'The signed-in person\'s cases.', content: { 'application/json': { schema: z.object({ items: z.array(caseSchema.omit({ history: true })) }) } } }, 401: problem },
});

const getCase = createRoute({
  method: 'get',
  path: '/api/v1/epeople/cases/{caseId}',
  summary: 'One case with its history',
  description: 'The filer, or an official of the agency the case is with, may read it; anyone else gets 404.',
  tags: ['e-People'],
  request: { params: caseIdParam },
  responses: { 200: { description: 'The case.', content: { 'application/json': { schema: caseSchema } } }, 401: problem, 404: problem },
});

const rateCase = createRoute({
  method: 'post',
  path: '/api/v1/epeople/cases/{caseId}/rating',
  summary: 'Rate the answer (the filer, once)',
  tags: ['e-People'],
  request: {
    params: caseIdParam,
    body: { content: { 'application/json': { schema: z.object({ satisfaction: z.enum(['satisfied', 'neutral', 'dissatisfied']), comment: z.string().max(1000).optional() }) } }, required: true },
  },
  responses: { 200: { description: 'The case, rated.', content: { 'application/json': { schema: caseSchema } } }, 401: problem, 404: problem, 409: problem, 422: problem },
});

const decideExtension = createRoute({
  method: 'post',
  path: '/api/v1/epeople/cases/{caseId}/extension-consent',
  summary: 'Consent to (or decline) a further extension the agency proposed (the filer)',
  tags: ['e-People'],
  request: { params: caseIdParam, body: { content: { 'application/json': { schema: z.object({ consent: z.boolean() }) } }, required: true } },
  responses: { 200: { description: 'The case after the decision.', content: { 'application/json': { schema: caseSchema } } }, 401: problem, 404: problem, 409: problem },
});

/** Conflicts a handling form may meet; each has a message in the catalogues (`epeople.problem.<code>`). */
const FORM_PROBLEMS = new Set([
  'no_signing_certificate', 'supplement_limit_reached', 'supplement_already_requested', 'no_supplement_requested', 'extension_too_long',
  'extension_needs_consent', 'extension_consent_pending', 'case_not_answered', 'case_already_rated', 'reopen_needs_dissatisfaction',
  'case_already_reopened', 'close_not_allowed', 'no_extension_proposed', 'case_closed', 'case_in_triage', 'awaiting_supplement', 'same_agency', 'case_moved',
  'answer_needs_approval', 'no_draft_pending', 'not_supervisor', 'own_draft', 'draft_changed',
]);

/** Field problems of a DomainError in the page's language, renamed for the form that was sent; rethrows anything else. */
function fieldErrors(c: Context<AppEnv>, error: unknown, rename: Record<string, string> = {}): FieldProblem[] {
  const t = c.get('t');
  if (error instanceof DomainError && error.code === 'validation_failed') {
    return ((error.extra.fields ?? []) as FieldProblem[]).map((f) => ({ field: rename[f.field] ?? f.field, message: t(`epeople.problem.field.${f.field}`) }));
  }
  if (error instanceof DomainError && FORM_PROBLEMS.has(error.code)) return [{ field: '', message: t(`epeople.problem.${error.code}`) }];
  throw error;
}

const asStep = (value: string): FilingStep => {
  if (!(FILING_STEPS as readonly string[]).includes(value)) throw notFound('The page');
  return value as FilingStep;
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A decimal number of degrees as typed (a comma is taken as the decimal point), within ±limit. */
function degrees(text: string, limit: number): number | null | undefined {
  const value = text.trim().replace(',', '.');
  if (value === '') return null;
  if (!/^[+-]?\d{1,3}(\.\d{1,8})?$/.test(value)) return undefined;
  const n = Number(value);
  return Math.abs(n) <= limit ? n : undefined;
}

/** The map point of the location page: both coordinates or neither; each in its range. */
export function checkMapPoint(latText: string, lonText: string): { lat: string; lon: string; errors: ('locationLat' | 'locationLon')[] } {
  const lat = degrees(latText, 90);
  const lon = degrees(lonText, 180);
  const errors: ('locationLat' | 'locationLon')[] = [];
  if (lat === undefined || (lat === null && lon !== null)) errors.push('locationLat');
  if (lon === undefined || (lon === null && lat !== null)) errors.push('locationLon');
  // What was typed comes back on the page when it is wrong; a valid value is kept as a plain number.
  return { lat: lat === undefined ? latText.trim() : lat === null ? '' : String(lat), lon: lon === undefined ? lonText.trim() : lon === null ? '' : String(lon), errors };
}


/** Extra case-page sections another part of the module renders (whistleblower protection). */
export type CaseSections = (c: Context<AppEnv>, view: CaseView, errors: FieldProblem[]) => Promise<Child>;

export function registerEpeopleRoutes(app: OpenAPIHono<AppEnv>, service: EpeopleService, attachments?: AttachmentService, caseSections?: CaseSections): void {
  const t = (c: Context<AppEnv>) => c.get('t');

  /** Checks one question page's answer; returns the field problems (empty when fine). */
  async function checkStep(c: Context<AppEnv>, step: FilingStep, form: Record<string, unknown>): Promise<{ changes: Draft; errors: FieldProblem[] }> {
    const tr = t(c);
    switch (step) {
      case 'type': {
        const type = str(form.type);
        return service.caseTypes().some((r) => r.code === type) ? { changes: { type }, errors: [] } : { changes: {}, errors: [{ field: 'type', message: tr('epeople.error.type') }] };
      }
      case 'agency': {
        const agencyId = str(form.agencyId);
        if (agencyId === '') return { changes: { agencyId: '' }, errors: [] };
        return (await service.agencies()).some((a) => a.id === agencyId) ? { changes: { agencyId }, errors: [] } : { changes: {}, errors: [{ field: 'agencyId', message: tr('epeople.error.agency') }] };
      }
      case 'details': {
        const title = str(form.title).trim();
        const content = str(form.content).trim();
        const errors: FieldProblem[] = [];
        if (!title || title.length > 200) errors.push({ field: 'title', message: tr('epeople.error.title') });
        if (!content || content.length > 4000) errors.push({ field: 'content', message: tr('epeople.error.content') });
        return { changes: { title, content }, errors };
      }
      case 'location': {
        const locationAddress = str(form.locationAddress).trim();
        const point = checkMapPoint(str(form.locationLat), str(form.locationLon));
        const errors: FieldProblem[] = [];
        if (locationAddress.length > 200) errors.push({ field: 'locationAddress', message: tr('epeople.error.location') });
        for (const field of point.errors) errors.push({ field, message: tr(`epeople.error.${field}`) });
        return { changes: { locationAddress, locationLat: point.lat, locationLon: point.lon }, errors };
      }
      case 'disclosure': {
        const isPublic = str(form.isPublic);
        return isPublic === 'yes' || isPublic === 'no' ? { changes: { isPublic }, errors: [] } : { changes: {}, errors: [{ field: 'isPublic', message: tr('epeople.error.disclosure') }] };
      }
    }
  }

  const firstMissing = (d: Draft): FilingStep | undefined =>
    !d.type ? 'type' : d.agencyId === undefined ? 'agency' : !d.title || !d.content ? 'details' : d.locationAddress === undefined ? 'location' : !d.isPublic ? 'disclosure' : undefined;

  const toInput = (d: Draft) => ({
    type: d.type,
    agencyId: d.agencyId || null,
    title: d.title,
    content: d.content,
    locationAddress: d.locationAddress || null,
    locationLat: d.locationLat ? Number(d.locationLat) : null,
    locationLon: d.locationLon ? Number(d.locationLon) : null,
    isPublic: d.isPublic === 'yes',
  });

  async function showCase(c: Context<AppEnv>, id: string, extra: { errors?: FieldProblem[]; notice?: string } = {}) {
    const session = requireSession(c);
    const view = await service.readCase(session, id);
    const isSupervisor = view.viewer === 'official' && service.isSupervisorOf(session, view.case);
    const files = attachments ? await attachments.caseFiles(session, id) : [];
    const sections = caseSections ? await caseSections(c, view, extra.errors ?? []) : null;
    return renderCasePage(c, { view, agencies: await service.agencies(), maxSupplements: service.settings.maxSupplementRequests, isSupervisor, files, ...extra, sections });
  }

  app.get('/epeople', (c) => renderStartPage(c, { isOfficial: (c.get('session')?.officialOf.length ?? 0) > 0 }));

  app.get('/epeople/file/check', async (c) => {
    const session = requireSession(c);
    const draft = (await service.draft(session)) as Draft;
    const missing = firstMissing(draft);
    if (missing) return c.redirect(`/epeople/file/${missing}`, 303);
    return renderCheckPage(c, {
      draft,
      rule: service.typeRule(draft.type!),
      agencies: await service.agencies(),
      similar: await service.similarPublicCases(`${draft.title} ${draft.content}`),
      repeats: await service.repeatCount(session, draft.title!, draft.content!),
      files: attachments ? await attachments.draftFiles(session) : [],
    });
  });

  app.post('/epeople/file/submit', async (c) => {
    const session = requireSession(c);
    const draft = (await service.draft(session)) as Draft;
    const missing = firstMissing(draft);
    if (missing) return c.redirect(`/epeople/file/${missing}`, 303);
    const filed = await service.fileCase(session, toInput(draft), c.get('locale'), { withDraftFiles: true });
    return c.redirect(`/epeople/cases/${filed.case.id}/receipt`, 303);
  });

  app.get('/epeople/file/:step', async (c) => {
    const session = requireSession(c);
    const step = asStep(c.req.param('step'));
    return renderQuestionPage(c, {
      step,
      draft: (await service.draft(session)) as Draft,
      errors: [],
      caseTypes: service.caseTypes(),
      agencies: await service.agencies(),
      returnToCheck: c.req.query('change') === '1',
    });
  });

  app.post('/epeople/file/:step', async (c) => {
    const session = requireSession(c);
    const step = asStep(c.req.param('step'));
    const form = await c.req.parseBody();
    const draft = (await service.draft(session)) as Draft;
    const { changes, errors } = await checkStep(c, step, form);
    const returnToCheck = form.returnTo === 'check';
    if (errors.length > 0) {
      return renderQuestionPage(c, { step, draft: { ...draft, ...changes }, errors, caseTypes: service.caseTypes(), agencies: await service.agencies(), returnToCheck });
    }
    const next = { ...draft, ...changes };
    await service.saveDraft(session, next as Record<string, unknown>);
    const following = FILING_STEPS[FILING_STEPS.indexOf(step) + 1];
    return c.redirect(returnToCheck || !following ? '/epeople/file/check' : `/epeople/file/${following}`, 303);
  });

  app.get('/epeople/cases', async (c) => renderMyCasesPage(c, await service.listMine(requireSession(c))));
  app.get('/epeople/cases/:id', (c) => showCase(c, c.req.param('id'), c.req.query('done') ? { notice: t(c)('epeople.done') } : {}));

  app.get('/epeople/cases/:id/receipt', async (c) => {
    const { row, receipt } = await service.filingReceipt(requireSession(c), c.req.param('id'));
    const agencies = await service.agencies();
    const agency = agencies.find((a) => a.id === row.agency_id);
    const agencyName = agency ? (c.get('locale') === 'ko' ? agency.name_ko : agency.name_en) : '';
    return renderReceiptPage(c, { row, integrated: receipt !== null, agencyName });
  });

  app.get('/epeople/cases/:id/receipt.json', async (c) => {
    const { row, receipt } = await service.filingReceipt(requireSession(c), c.req.param('id'));
    if (!receipt) throw new DomainError('log_entry_pending', 409, 'The filing is not in a signed checkpoint yet. Try again shortly.');
    const body = filingReceiptJson(row, receipt);
    return c.body(JSON.stringify(body, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${row.number}-receipt.json"`,
    });
  });

  app.get('/epeople/cases/:id/answer.jws', async (c) => {
    const { row, jws } = await service.signedAnswer(requireSession(c), c.req.param('id'));
    return c.body(jws, 200, { 'content-type': 'application/jose; charset=utf-8', 'content-disposition': `attachment; filename="${row.number}-answer.jws"` });
  });

  const act = (path: string, run: (c: Context<AppEnv>, id: string, form: Record<string, unknown>) => Promise<void>, rename: Record<string, string> = {}) =>
    app.post(`/epeople/cases/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      try {
        await run(c, id, form);
      } catch (error) {
        return showCase(c, id, { errors: fieldErrors(c, error, rename) });
      }
      return c.redirect(`/epeople/cases/${id}?done=${path}`, 303);
    });

  act('assign', (c, id) => service.assignToSelf(requireSession(c), id));
  act('request-supplement', (c, id, f) => service.requestSupplement(requireSession(c), id, str(f.note)));
  act('supplement', (c, id, f) => service.provideSupplement(requireSession(c), id, str(f.supplement)));
  act('answer', (c, id, f) => service.answer(requireSession(c), id, { text: str(f.answer), outcome: str(f.outcome), remedies: str(f.remedies) }));
  act('answer-draft', (c, id, f) => service.submitAnswerDraft(requireSession(c), id, { text: str(f.answer), outcome: str(f.outcome), remedies: str(f.remedies) }));
  act('approve-answer', (c, id) => service.approveAnswerDraft(requireSession(c), id));
  act('return-answer', (c, id, f) => service.returnAnswerDraft(requireSession(c), id, str(f.comment)));
  act('rate', (c, id, f) => service.rate(requireSession(c), id, { satisfaction: str(f.satisfaction), comment: str(f.comment) }));
  act('close', (c, id) => service.closeForMissingSupplement(requireSession(c), id));

  app.post('/epeople/cases/:id/reopen', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    let filed;
    try {
      filed = await service.reopen(requireSession(c), id, { as: str(form.as), reason: str(form.reason) }, c.get('locale'));
    } catch (error) {
      return showCase(c, id, { errors: fieldErrors(c, error, { reason: 'reopenReason' }) });
    }
    return c.redirect(`/epeople/cases/${filed.case.id}/receipt`, 303);
  });

  app.post('/epeople/file/join/:id', async (c) => {
    const row = await service.joinCase(requireSession(c), c.req.param('id'));
    return c.redirect(`/epeople/public/${row.id}?joined=1`, 303);
  });
  act('transfer', (c, id, f) => service.transfer(requireSession(c), id, str(f.agencyId), str(f.reason)), { reason: 'transfer-reason' });
  act(
    'extend',
    async (c, id, f) => {
      await service.extend(requireSession(c), id, { amount: /^\d{1,3}$/.test(str(f.amount)) ? Number(f.amount) : 0, reason: str(f.reason) });
    },
    { reason: 'extend-reason', amount: 'extend-amount' },
  );

  act('extension-consent', async (c, id, f) => {
    const consent = str(f.consent);
    if (consent !== 'yes' && consent !== 'no') throw invalidInput([{ field: 'consent', message: 'Say whether you agree.' }]);
    await service.decideExtension(requireSession(c), id, consent === 'yes');
  });

  app.get('/epeople/queue', async (c) => {
    const session = requireSession(c);
    return renderQueuePage(c, {
      queues: await service.agencyQueues(session), triage: await service.triageQueue(session), agencies: await service.agencies(),
      awaitingApproval: await service.draftsAwaitingApproval(session),
    });
  });

  app.get('/epeople/public/:id', async (c) => {
    const row = await service.publicCase(c.req.param('id'));
    return renderPublicCasePage(c, row, await service.agencies(), { supporters: await service.supporterCount(row.id), joined: c.req.query('joined') === '1' });
  });

  app.openapi(listTypes, (c) =>
    c.json(
      {
        items: service.caseTypes().map((r) => ({
          code: r.code,
          period: r.period.unit === 'days' ? { unit: 'days' as const, amount: r.period.days } : { unit: 'workingHours' as const, amount: r.period.hours },
          handlingBodyCode: r.handlingBodyCode,
        })),
      },
      200,
    ),
  );

  app.openapi(fileCase, async (c) => {
    const session = requireSession(c);
    const filed = await service.fileCase(session, c.req.valid('json'), c.get('locale'));
    return c.json({ case: toCaseJson({ case: filed.case, history: [] }), repeats: filed.repeats }, 201);
  });

  app.openapi(listMine, async (c) => {
    const cases = await service.listMine(requireSession(c));
    return c.json({ items: cases.map((row) => { const { history: _h, ...rest } = toCaseJson({ case: row, history: [] }); return rest; }) }, 200);
  });

  app.openapi(getCase, async (c) => c.json(toCaseJson(await service.readCase(requireSession(c), c.req.valid('param').caseId)), 200));

  app.openapi(rateCase, async (c) => {
    const session = requireSession(c);
    const { caseId } = c.req.valid('param');
    const body = c.req.valid('json');
    await service.rate(session, caseId, { satisfaction: body.satisfaction, comment: body.comment ?? '' });
    return c.json(toCaseJson(await service.readCase(session, caseId)), 200);
  });

  app.openapi(decideExtension, async (c) => {
    const session = requireSession(c);
    const { caseId } = c.req.valid('param');
    await service.decideExtension(session, caseId, c.req.valid('json').consent);
    return c.json(toCaseJson(await service.readCase(session, caseId)), 200);
  });
}

/** What the filer downloads: the log receipt plus what they need to check it is their filing. */
export function filingReceiptJson(row: CaseRow, receipt: unknown) {
  return {
    case: { id: row.id, number: row.number, type: row.type, receivedAt: row.received_at.toISOString(), dueAt: row.due_at.toISOString() },
    // sha256(salt + "\n" + title + "\n" + content) is the hash in the logged entry.
    contentCommitment: { salt: row.content_salt, sha256: logContentHash(row) },
    logReceipt: receipt,
  };
}
