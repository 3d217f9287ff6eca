import { randomBytes } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, invalidInput, type FieldProblem } from '../../kernel/http/errors.js';
import { clientAddress } from '../../kernel/http/rate-limit.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { parseEcPublicJwk } from '../../kernel/trust/threshold/threshold.js';
import { renderCasePage } from './epeople.case.pages.js';
import type { EpeopleService } from './epeople.service.js';
import {
  protectionSections,
  REPORT_FIELDS,
  renderIdentityPage,
  renderInboxCodePage,
  renderInboxPage,
  renderReportCheckPage,
  renderReportFormPage,
  renderReportReceiptPage,
  type ReportValues,
} from './epeople.whistle.pages.js';
import { CASE_CODE_INVALID, checkProtectedReport, NO_PROTECTION_OFFICERS, PROTECTED_TYPES, type ProtectionService } from './epeople.whistle.service.js';
import type { CaseRow } from './epeople.tables.js';
import type { InboxMessageRow } from './epeople.whistle.tables.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const caseIdParam = z.object({ caseId: z.string().min(1).max(64).openapi({ description: 'The case id (cas_...).' }) });
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const protectedReportInput = z.object({
  type: z.enum(PROTECTED_TYPES as unknown as ['corruption_report', 'public_interest_report']),
  route: z.enum(['sealed', 'proxy']).openapi({ description: 'sealed: the signed-in reporter files for themself; proxy: a lawyer files for the reporter (and is the filer of record).' }),
  reporterName: z.string().max(120).optional().openapi({ description: 'Proxy route: the reporter\'s full name (sealed).' }),
  reporterBirthDate: z.string().max(10).optional().openapi({ description: 'Proxy route: the reporter\'s date of birth, YYYY-MM-DD (sealed).' }),
  contact: z.string().max(200).optional().openapi({ description: 'How the protection officers may reach the reporter (sealed).' }),
  title: z.string().max(200),
  content: z.string().max(4000),
  locationAddress: z.string().max(200).nullish(),
});

const codeBody = z.object({ code: z.string().max(64).openapi({ description: 'The case code shown once at filing.' }) });
const messageSchema = z.object({ kind: z.enum(['question', 'reply']), body: z.string(), at: z.string() });
const inboxSchema = z
  .object({
    case: z.object({ number: z.string(), type: z.string(), title: z.string(), status: z.string(), receivedAt: z.string(), dueAt: z.string(), answer: z.string().nullable() }),
    messages: z.array(messageSchema),
  })
  .openapi('EpeopleReporterInbox');

const tags = ['e-People: whistleblower protection'];
const routes = {
  file: createRoute({
    method: 'post', path: '/api/v1/epeople/protected-reports', tags, summary: 'File a corruption or public-interest report with the reporter\'s identity sealed',
    description: 'The identity is encrypted so that two protection officers of the handling body together can open it. The response carries the case code, once; it is never shown again.',
    request: { body: { content: { 'application/json': { schema: protectedReportInput } }, required: true } },
    responses: {
      201: { description: 'The report as filed, and its case code.', content: { 'application/json': { schema: z.object({ caseId: z.string(), number: z.string(), dueAt: z.string(), caseCode: z.string() }) } } },
      401: problem, 409: problem, 422: problem,
    },
  }),
  inbox: createRoute({
    method: 'post', path: '/api/v1/epeople/report-inbox', tags, summary: 'Read a report and its anonymous inbox with the case code (no sign-in)',
    request: { body: { content: { 'application/json': { schema: codeBody } }, required: true } },
    responses: { 200: { description: 'The report and the messages.', content: { 'application/json': { schema: inboxSchema } } }, 403: problem, 429: problem },
  }),
  reply: createRoute({
    method: 'post', path: '/api/v1/epeople/report-inbox/replies', tags, summary: 'Answer the handlers through the anonymous inbox with the case code (no sign-in)',
    request: { body: { content: { 'application/json': { schema: codeBody.extend({ body: z.string().max(4000) }) } }, required: true } },
    responses: { 201: { description: 'The reply was added.', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } }, 403: problem, 422: problem, 429: problem },
  }),
  ask: createRoute({
    method: 'post', path: '/api/v1/epeople/cases/{caseId}/reporter-questions', tags, summary: 'Ask the reporter a question through the anonymous inbox (handling officials)',
    request: { params: caseIdParam, body: { content: { 'application/json': { schema: z.object({ question: z.string().max(4000) }) } }, required: true } },
    responses: { 201: { description: 'The question was added.', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } }, 401: problem, 403: problem, 404: problem, 422: problem },
  }),
  share: createRoute({
    method: 'get', path: '/api/v1/epeople/cases/{caseId}/identity-share', tags, summary: 'Your share of the report\'s key, encrypted to your protection key (protection officers)',
    request: { params: caseIdParam },
    responses: { 200: { description: 'The encrypted share (compact JWE, ECDH-ES+A256KW).', content: { 'application/json': { schema: z.object({ jwe: z.string(), threshold: z.number().int() }) } } }, 401: problem, 403: problem, 404: problem },
  }),
  open: createRoute({
    method: 'post', path: '/api/v1/epeople/cases/{caseId}/identity-openings', tags, summary: 'Release your decrypted share to open the reporter\'s identity (two protection officers)',
    description: 'The first release waits for a second officer\'s; the second opens the identity in its response only. Every opening is recorded in the case history and the transparency log.',
    request: { params: caseIdParam, body: { content: { 'application/json': { schema: z.object({ share: z.string().max(200).openapi({ description: 'Your decrypted share, base64url.' }), reason: z.string().max(1000) }) } }, required: true } },
    responses: {
      200: { description: 'Opened: the reporter\'s identity.', content: { 'application/json': { schema: z.object({ status: z.literal('opened'), openingId: z.string(), identity: z.looseObject({}) }) } } },
      202: { description: 'Released; a second protection officer must release theirs.', content: { 'application/json': { schema: z.object({ status: z.literal('awaiting_second_officer'), openingId: z.string() }) } } },
      401: problem, 403: problem, 404: problem, 409: problem, 422: problem,
    },
  }),
  key: createRoute({
    method: 'post', path: '/api/v1/epeople/protection-keys', tags, summary: 'Register the public half of your protection key (designated protection officers)',
    request: { body: { content: { 'application/json': { schema: z.object({ agencyId: z.string().max(64), publicJwk: z.looseObject({}) }) } }, required: true } },
    responses: { 204: { description: 'Registered; reports sealed from now on include you.' }, 401: problem, 403: problem, 422: problem },
  }),
};

const inboxJson = (row: CaseRow, messages: InboxMessageRow[]) => ({
  case: { number: row.number, type: row.type, title: row.title, status: row.status, receivedAt: row.received_at.toISOString(), dueAt: row.due_at.toISOString(), answer: row.answer },
  messages: messages.map((m) => ({ kind: m.kind, body: m.body, at: m.at.toISOString() })),
});

const valuesOf = (form: Record<string, unknown>): ReportValues => Object.fromEntries(REPORT_FIELDS.map((f) => [f, str(form[f]).trim()])) as ReportValues;

export function registerProtectionRoutes(app: OpenAPIHono<AppEnv>, epeople: EpeopleService, protection: ProtectionService): void {
  const translated = (c: Context<AppEnv>, fields: FieldProblem[]) => fields.map((f) => ({ field: f.field, message: c.get('t')(`epeople.whistle.error.${f.field}`) }));
  const sections = protectionSections(protection);
  /**
   * One filing per check page: the receipt is the response to the POST, so a reload would send the
   * form again. Kept in memory only (nothing that could tie a person to a report is stored).
   */
  const usedNonces = new Map<string, number>();
  const freshNonce = () => randomBytes(16).toString('base64url');
  const claimNonce = (nonce: string): boolean => {
    const now = Date.now();
    if (usedNonces.size > 10_000) for (const [k, at] of usedNonces) if (now - at > 24 * 3_600_000) usedNonces.delete(k);
    if (!/^[A-Za-z0-9_-]{22}$/.test(nonce) || usedNonces.has(nonce)) return false;
    usedNonces.set(nonce, now);
    return true;
  };

  async function caseWithErrors(c: Context<AppEnv>, id: string, errors: FieldProblem[]) {
    const view = await epeople.readCase(requireSession(c), id);
    return renderCasePage(c, { view, agencies: await epeople.agencies(), maxSupplements: epeople.settings.maxSupplementRequests, errors, sections: await sections(c, view, errors) });
  }

  /** Wrong codes and too many attempts show the code page again, with the reason and the right status. */
  function codeProblem(c: Context<AppEnv>, error: unknown) {
    if (error instanceof DomainError && (error.code === CASE_CODE_INVALID || error.code === 'rate_limited')) {
      const key = error.code === CASE_CODE_INVALID ? 'epeople.whistle.error.code' : 'epeople.whistle.error.codeRateLimited';
      if (error.code === 'rate_limited') c.header('Retry-After', String((error.extra.headers as Record<string, string>)['Retry-After']));
      return renderInboxCodePage(c, { errors: [{ field: 'code', message: c.get('t')(key) }], status: error.status });
    }
    throw error;
  }

  app.get('/epeople/protected-report', (c) => {
    requireSession(c);
    return renderReportFormPage(c, { values: valuesOf({ route: '' }), errors: [] });
  });
  app.post('/epeople/protected-report', async (c) => {
    requireSession(c);
    return renderReportFormPage(c, { values: valuesOf(await c.req.parseBody()), errors: [] });
  });
  app.post('/epeople/protected-report/check', async (c) => {
    requireSession(c);
    const values = valuesOf(await c.req.parseBody());
    const errors = checkProtectedReport(values);
    return errors.length ? renderReportFormPage(c, { values, errors: translated(c, errors) }) : renderReportCheckPage(c, { values, nonce: freshNonce() });
  });
  app.post('/epeople/protected-report/submit', async (c) => {
    const session = requireSession(c);
    const form = await c.req.parseBody();
    const values = valuesOf(form);
    const errors = checkProtectedReport(values);
    if (errors.length) return renderReportFormPage(c, { values, errors: translated(c, errors) });
    // Sent twice (a reload of the receipt): the first one was filed and its code shown.
    if (!claimNonce(str(form.nonce))) return c.redirect('/epeople/report-inbox', 303);
    let filed;
    try {
      filed = await protection.fileProtectedReport(session, values, c.get('locale'));
    } catch (error) {
      if (error instanceof DomainError && error.code === NO_PROTECTION_OFFICERS) {
        return renderReportCheckPage(c, { values, nonce: freshNonce(), errors: [{ field: '', message: c.get('t')('epeople.whistle.error.noOfficers') }] });
      }
      throw error;
    }
    const agency = (await epeople.agencies()).find((a) => a.id === filed.case.agency_id);
    const agencyName = agency ? (c.get('locale') === 'ko' ? agency.name_ko : agency.name_en) : '';
    return renderReportReceiptPage(c, { row: filed.case, code: filed.code, agencyName });
  });

  app.get('/epeople/report-inbox', (c) => renderInboxCodePage(c, { errors: [] }));
  app.post('/epeople/report-inbox', async (c) => {
    const code = str((await c.req.parseBody()).code);
    try {
      const { case: row, messages } = await protection.inboxByCode(code, clientAddress(c));
      return renderInboxPage(c, { row, messages, code });
    } catch (error) {
      return codeProblem(c, error);
    }
  });
  app.post('/epeople/report-inbox/reply', async (c) => {
    const form = await c.req.parseBody();
    const code = str(form.code);
    try {
      await protection.replyByCode(code, clientAddress(c), str(form.reply));
      const { case: row, messages } = await protection.inboxByCode(code, clientAddress(c));
      return renderInboxPage(c, { row, messages, code, notice: c.get('t')('epeople.whistle.inbox.sent') });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed') {
        const { case: row, messages } = await protection.inboxByCode(code, clientAddress(c));
        return renderInboxPage(c, { row, messages, code, errors: translated(c, [{ field: 'reply', message: '' }]) });
      }
      return codeProblem(c, error);
    }
  });

  const caseAction = (path: string, field: string, run: (c: Context<AppEnv>, id: string, text: string) => Promise<void>) =>
    app.post(`/epeople/cases/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      try {
        await run(c, id, str((await c.req.parseBody())[field]));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'validation_failed') return caseWithErrors(c, id, translated(c, [{ field, message: '' }]));
        throw error;
      }
      return c.redirect(`/epeople/cases/${id}?done=${path}`, 303);
    });
  caseAction('ask-reporter', 'question', (c, id, text) => protection.askReporter(requireSession(c), id, text));
  caseAction('reply-reporter', 'reply', (c, id, text) => protection.replyAsFiler(requireSession(c), id, text));

  app.get('/epeople/cases/:id/identity', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const { jwe } = await protection.myShare(session, id);
    const { case: row } = await epeople.readCase(session, id);
    return renderIdentityPage(c, { row, jwe });
  });
  app.post('/epeople/cases/:id/identity', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const { jwe } = await protection.myShare(session, id);
    const { case: row } = await epeople.readCase(session, id);
    try {
      const result = await protection.releaseShare(session, id, str(form.share), str(form.reason));
      return renderIdentityPage(c, { row, jwe, result });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed') {
        return renderIdentityPage(c, { row, jwe, errors: translated(c, ((error.extra.fields ?? []) as FieldProblem[])) });
      }
      if (error instanceof DomainError && (error.code === 'identity_share_invalid' || error.code === 'identity_share_already_released')) {
        return renderIdentityPage(c, { row, jwe, errors: [{ field: 'share', message: c.get('t')(`epeople.whistle.error.${error.code}`) }] });
      }
      throw error;
    }
  });

  app.openapi(routes.file, async (c) => {
    const body = c.req.valid('json');
    const filed = await protection.fileProtectedReport(requireSession(c), body, c.get('locale'));
    c.header('Cache-Control', 'no-store');
    return c.json({ caseId: filed.case.id, number: filed.case.number, dueAt: filed.case.due_at.toISOString(), caseCode: filed.code }, 201);
  });
  app.openapi(routes.inbox, async (c) => {
    const { case: row, messages } = await protection.inboxByCode(c.req.valid('json').code, clientAddress(c));
    c.header('Cache-Control', 'no-store');
    return c.json(inboxJson(row, messages), 200);
  });
  app.openapi(routes.reply, async (c) => {
    const body = c.req.valid('json');
    await protection.replyByCode(body.code, clientAddress(c), body.body);
    return c.json({ ok: true as const }, 201);
  });
  app.openapi(routes.ask, async (c) => {
    await protection.askReporter(requireSession(c), c.req.valid('param').caseId, c.req.valid('json').question);
    return c.json({ ok: true as const }, 201);
  });
  app.openapi(routes.share, async (c) => c.json(await protection.myShare(requireSession(c), c.req.valid('param').caseId), 200));
  app.openapi(routes.open, async (c) => {
    const body = c.req.valid('json');
    const result = await protection.releaseShare(requireSession(c), c.req.valid('param').caseId, body.share, body.reason);
    c.header('Cache-Control', 'no-store');
    return result.status === 'opened' ? c.json(result, 200) : c.json(result, 202);
  });
  app.openapi(routes.key, async (c) => {
    const body = c.req.valid('json');
    const jwk = parseEcPublicJwk(body.publicJwk);
    if (!jwk) throw invalidInput([{ field: 'publicJwk', message: 'Send the public half of a P-256 key as a JWK.' }]);
    await protection.registerOfficerKey(requireSession(c), body.agencyId, jwk);
    return c.body(null, 204);
  });
}
