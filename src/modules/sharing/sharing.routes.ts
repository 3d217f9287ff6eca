import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { authorize, requireSession } from '../../kernel/identity/policy.js';
import { DomainError } from '../../kernel/http/errors.js';
import { NODE_NOT_ENCRYPTED } from './sharing.encryption.js';
import { NODE_KEY_PATH, NODE_MALFORMED, NODE_MEDIA_TYPE, NODE_REQUEST_PATH } from './sharing.node.js';
import { PREDICATES } from './sharing.predicates.js';
import { accessSchema, applyInput, approvalSchema, checkInput, checkResultSchema, decideInput, itemSchema, lookupInput, lookupResultSchema } from './sharing.schemas.js';
import { approvalState, type SharingService } from './sharing.service.js';
import type { AccessRow, AlertRow, ApprovalRow, ItemRow } from './sharing.tables.js';
import type { LookupResult } from './sharing.types.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const tags = ['Information sharing'];

export const toItemJson = (r: ItemRow) => ({
  code: r.code,
  version: r.version,
  providerId: r.provider_id,
  name: { en: r.name_en, ko: r.name_ko },
  fields: r.fields,
  checks: r.predicates.map((p) => ({ name: p.name, field: p.field, parameter: PREDICATES[p.name]?.parameter ?? null })),
  legalBases: r.legal_bases,
  publishedAt: r.published_at.toISOString(),
});

export const toApprovalJson = (r: ApprovalRow, now: Date) => ({
  id: r.id,
  consumerId: r.consumer_id,
  providerId: r.provider_id,
  itemCode: r.item_code,
  itemVersion: r.item_version,
  serviceCode: r.service_code,
  serviceName: r.service_name,
  legalBasis: r.legal_basis,
  fields: r.fields,
  checks: r.predicates,
  state: approvalState(r, now),
  appliedAt: r.applied_at.toISOString(),
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  refusalReason: r.refusal_reason,
  expiresAt: r.expires_at.toISOString(),
});

const toLookupJson = (r: LookupResult) => ({ ...r, items: r.items.map((i) => ({ ...i, checks: i.checks.map((c) => ({ check: c.predicate, answer: c.answer })) })) });

const toAccessJson = (r: AccessRow & { officialName: string; serviceName: string }) => ({
  id: r.id,
  at: r.at.toISOString(),
  officialId: r.official_id,
  officialName: r.officialName,
  agencyId: r.consumer_id,
  serviceCode: r.service_code,
  serviceName: r.serviceName,
  legalBasis: r.legal_basis,
  case: { kind: r.case_kind as 'epeople' | 'external' | 'application' | null, ref: r.case_ref },
  mode: r.mode as 'extract' | 'check' | 'consent',
  consentId: r.consent_id,
  items: r.items.map((i) => ({ itemCode: i.itemCode, providerId: i.providerId, fields: i.fields, check: i.predicate ?? null, outcome: i.outcome })),
  result: r.result as 'complete' | 'partial' | 'refused',
  refusalCode: r.refusal_code,
  commitmentSalt: r.commitment_salt,
});

const listItems = createRoute({ method: 'get', path: '/api/v1/sharing/items', summary: 'Information items providers publish', tags, responses: { 200: json(z.object({ items: z.array(itemSchema) }), 'Every published item version.') } });
const listApprovals = createRoute({
  method: 'get', path: '/api/v1/sharing/approvals', summary: 'Approvals for joint use (public)', tags,
  description: 'Which agency may use which item, for which service, under which law, until when.',
  responses: { 200: json(z.object({ items: z.array(approvalSchema) }), 'Every application and its state.') },
});
const applyRoute = createRoute({
  method: 'post', path: '/api/v1/sharing/approvals', summary: 'Apply for joint use of an item (consumer official)', tags,
  request: body(applyInput), responses: { 201: json(approvalSchema, 'The application, waiting for the provider.'), 401: problem, 403: problem, 422: problem },
});
const decideRoute = createRoute({
  method: 'post', path: '/api/v1/sharing/approvals/{approvalId}/decision', summary: 'Approve or refuse an application (provider official)', tags,
  request: { params: z.object({ approvalId: z.string().max(64) }), ...body(decideInput) },
  responses: { 200: json(approvalSchema, 'The decided application.'), 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
});
const lookupRoute = createRoute({
  method: 'post', path: '/api/v1/sharing/lookups', summary: 'Minimal extraction for a case (official)', tags,
  description: 'Only the approved fields of each item, from every provider at once; a provider that does not answer in time is marked unavailable and the result is partial. No case, no approval, an expired approval or another legal basis: refused, and the refusal is recorded.',
  request: body(lookupInput), responses: { 200: json(lookupResultSchema, 'The fields, per item.'), 401: problem, 403: problem, 404: problem, 422: problem },
});
const checkRoute = createRoute({
  method: 'post', path: '/api/v1/sharing/checks', summary: 'Yes/no check for a case (official)', tags,
  description: 'The provider answers the check (e.g. income below an amount) without revealing the value.',
  request: body(checkInput), responses: { 200: json(checkResultSchema, 'The answer.'), 401: problem, 403: problem, 404: problem, 422: problem },
});
const myAccesses = createRoute({
  method: 'get', path: '/api/v1/sharing/my-accesses', summary: 'Who looked at my data (signed-in person)', tags,
  responses: { 200: json(z.object({ items: z.array(accessSchema) }), 'Every access to your data, newest first.'), 401: problem },
});

const alertSchema = z.object({
  id: z.string(), kind: z.enum(['burst', 'after_hours', 'no_action']).or(z.string()), raisedAt: z.string(), officialId: z.string(), agencyId: z.string(), people: z.number().int(), windowMinutes: z.number().int(),
  providerIds: z.array(z.string()).describe('Provider agencies whose items the alert concerns.'), accessId: z.string().nullable().describe('For a no-action alert: the lookup it is about.'),
});

const listAlerts = createRoute({
  method: 'get', path: '/api/v1/sharing/alerts', summary: 'Monitoring alerts (auditors)', tags,
  description: 'Raised when one official looks up many different people within the window, looks up outside working hours, or looks up for a case on which nothing was done afterwards.',
  responses: {
    200: json(z.object({ items: z.array(alertSchema) }), 'Alerts, newest first.'),
    401: problem,
    403: problem,
  },
});

const listProviderAlerts = createRoute({
  method: 'get', path: '/api/v1/sharing/provider-alerts', summary: 'Monitoring alerts about the items my agency provides (provider official)', tags,
  description: 'Alerts (many people, outside working hours, no later action on the case) that concern items the signed-in official\'s agencies provide.',
  responses: { 200: json(z.object({ items: z.array(alertSchema) }), 'Alerts, newest first.'), 401: problem, 403: problem },
});

const toAlertJson = (a: AlertRow) => ({
  id: a.id, kind: a.kind, raisedAt: a.raised_at.toISOString(), officialId: a.official_id, agencyId: a.consumer_id, people: a.people, windowMinutes: a.window_minutes,
  providerIds: a.provider_ids, accessId: a.access_id,
});

export function registerSharingApi(app: OpenAPIHono<AppEnv>, service: SharingService): void {
  app.openapi(listItems, async (c) => c.json({ items: (await service.listItems()).map(toItemJson) }, 200));
  app.openapi(listApprovals, async (c) => {
    const now = service.now();
    return c.json({ items: (await service.listApprovals()).map((r) => toApprovalJson(r, now)) }, 200);
  });
  app.openapi(applyRoute, async (c) => {
    const { checks, ...rest } = c.req.valid('json');
    const row = await service.apply(requireSession(c), { ...rest, predicates: checks });
    return c.json(toApprovalJson(row, service.now()), 201);
  });
  app.openapi(decideRoute, async (c) => {
    const { expiresAt, ...rest } = c.req.valid('json');
    const row = await service.decide(requireSession(c), c.req.valid('param').approvalId, { ...rest, expiresAt: expiresAt ? new Date(expiresAt) : undefined });
    return c.json(toApprovalJson(row, service.now()), 200);
  });
  app.openapi(lookupRoute, async (c) => c.json(toLookupJson(await service.extract(requireSession(c), c.req.valid('json'))), 200));
  app.openapi(checkRoute, async (c) => {
    const { check, ...rest } = c.req.valid('json');
    const r = await service.check(requireSession(c), { ...rest, predicate: check });
    return c.json({ accessId: r.accessId, check: r.predicate, itemCode: r.itemCode, answer: r.answer, outcome: r.outcome }, 200);
  });
  app.openapi(listAlerts, async (c) => {
    authorize(c, 'audit.view');
    return c.json({ items: (await service.listAlerts()).map(toAlertJson) }, 200);
  });
  app.openapi(listProviderAlerts, async (c) => {
    authorize(c, 'official.start.view');
    return c.json({ items: (await service.providerAlerts(requireSession(c))).map(toAlertJson) }, 200);
  });
  // The node protocol (docs/sharing-node-protocol.md): a compact JWE holding a compact JWS in, the same out.
  app.post(NODE_REQUEST_PATH, async (c) => {
    const jwe = (await c.req.text()).trim();
    if (jwe.length > 300_000 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwe)) {
      throw new DomainError(NODE_NOT_ENCRYPTED, 400, 'The body must be a compact JWE (ECDH-ES+A256KW, A256GCM) holding a compact JWS of a node request.');
    }
    return c.body(await service.answerNodeRequest(jwe), 200, { 'content-type': NODE_MEDIA_TYPE });
  });
  app.get(NODE_KEY_PATH, async (c) => {
    const agency = c.req.query('agency') ?? '';
    if (!agency || agency.length > 64) throw new DomainError(NODE_MALFORMED, 400, 'Name the agency: ?agency=<organisation id>.');
    return c.body(await service.nodeKeyStatement(agency), 200, { 'content-type': NODE_MEDIA_TYPE, 'cache-control': 'public, max-age=300' });
  });
  app.openapi(myAccesses, async (c) => c.json({ items: (await service.myAccesses(requireSession(c))).map(toAccessJson) }, 200));
}
