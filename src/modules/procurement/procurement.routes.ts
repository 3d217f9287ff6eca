import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { invalidInput } from '../../kernel/http/errors.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { parseEcPublicJwk } from './domain/sealing.js';
import type { ProcurementService } from './procurement.service.js';
import type { TenderRow } from './procurement.tables.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const tags = ['e-Procurement'];
const tenderParam = z.object({ tenderId: z.string().regex(/^tnd_[a-z0-9]{8,64}$/).openapi({ description: 'The tender id (tnd_...).' }) });
const organisationId = z.string().min(1).max(64);

const jwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().max(64), y: z.string().max(64) }).openapi('EcPublicJwk');

const tenderSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    title: z.string(),
    kind: z.enum(['goods', 'services', 'works']),
    awardMethod: z.enum(['lowest_above_floor', 'multiple_reserve_price']),
    baseAmount: z.number().int(),
    bandBasisPoints: z.number().int(),
    floorRateMillis: z.number().int().describe('Floor rate in thousandths of a percent (87.745 % = 87745).'),
    publishedAt: z.iso.datetime(),
    bidDeadline: z.iso.datetime(),
    openingAt: z.iso.datetime(),
    status: z.enum(['open', 'opened', 'cancelled']),
    threshold: z.number().int().describe('Opening officials needed to open.'),
    openingPublicJwk: jwkSchema.describe('Seal bids to this key (JWE, ECDH-ES, A256GCM).'),
    reserveCommitment: z.string().describe('sha256 of the reserve-price draw, logged before bidding opened.'),
    revealedReserve: z.object({ prices: z.array(z.number().int()), salt: z.string() }).nullable(),
    result: z.unknown().nullable(),
    description: z.string(),
    clarificationDeadline: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    cancelReason: z.string().nullable(),
  })
  .openapi('Tender');

const itemInput = z.object({
  unspsc: z.string().regex(/^\d{8}$/).describe('UNSPSC commodity code'),
  description: z.string().min(1).max(500),
  quantity: z.number().int().positive().max(2_000_000_000),
  unit: z.string().min(1).max(40),
});

const toTenderJson = (t: TenderRow): z.infer<typeof tenderSchema> => ({
  id: t.id,
  agencyId: t.agency_id,
  title: t.title,
  kind: t.kind,
  awardMethod: t.award_method,
  baseAmount: t.base_amount,
  bandBasisPoints: t.band_basis_points,
  floorRateMillis: t.floor_rate_millis,
  publishedAt: t.published_at.toISOString(),
  bidDeadline: t.bid_deadline.toISOString(),
  openingAt: t.opening_at.toISOString(),
  status: t.status,
  threshold: t.threshold,
  openingPublicJwk: t.opening_public_jwk,
  reserveCommitment: t.reserve_commitment,
  revealedReserve: t.revealed_reserve,
  result: t.result,
  description: t.description,
  clarificationDeadline: t.clarification_deadline?.toISOString() ?? null,
  cancelledAt: t.cancelled_at?.toISOString() ?? null,
  cancelReason: t.cancel_reason,
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const registerVendor = createRoute({
  method: 'post', path: '/api/v1/procurement/vendors', tags, summary: 'Register a business as a vendor (once, to bid anywhere)',
  request: body(z.object({ organisationId, categories: z.array(z.string().regex(/^\d{8}$/).describe('UNSPSC code')).max(100), contactEmail: z.email() })),
  responses: { 201: json(z.object({ organisationId: z.string(), certificateSerial: z.string() }), 'Registered; a vendor signing certificate was issued.'), ...problems },
});
const debar = createRoute({
  method: 'post', path: '/api/v1/procurement/debarments', tags, summary: 'Debar a vendor for a period (platform administrator)',
  request: body(z.object({ organisationId, reason: z.string().min(1).max(2000), until: z.iso.datetime() })),
  responses: { 201: json(z.object({ id: z.string() }), 'Debarred.'), ...problems },
});
const registerKey = createRoute({
  method: 'post', path: '/api/v1/procurement/opening-keys', tags, summary: 'Register your opening key (opening officials)',
  description: 'The public half of a P-256 key made on your own device. Shares of tenders’ opening keys are encrypted to it; Nara never holds the private half.',
  request: body(z.object({ publicJwk: z.unknown() })),
  responses: { 204: { description: 'Registered.' }, ...problems },
});
const publish = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders', tags, summary: 'Publish a tender',
  request: body(
    z.object({
      agencyId: organisationId,
      title: z.string().min(1).max(300),
      kind: z.enum(['goods', 'services', 'works']),
      awardMethod: z.enum(['lowest_above_floor', 'multiple_reserve_price']),
      baseAmount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      bandBasisPoints: z.number().int().min(1).max(1000).default(200),
      floorRateMillis: z.number().int().min(1).max(100_000),
      bidDeadline: z.iso.datetime(),
      openingAt: z.iso.datetime(),
      openingOfficials: z.array(z.string().min(1).max(64)).min(2).max(20),
      threshold: z.number().int().min(2).max(20),
      description: z.string().max(10_000).optional(),
      clarificationDeadline: z.iso.datetime().optional(),
      items: z.array(itemInput).max(500).optional(),
    }),
  ),
  responses: { 201: json(z.object({ id: z.string(), reserveCommitment: z.string(), openingPublicJwk: jwkSchema }), 'Published.'), ...problems },
});
const list = createRoute({
  method: 'get', path: '/api/v1/procurement/tenders', tags, summary: 'Tenders, newest first',
  responses: { 200: json(z.object({ items: z.array(tenderSchema) }), 'The tenders.') },
});
const getOne = createRoute({
  method: 'get', path: '/api/v1/procurement/tenders/{tenderId}', tags, summary: 'A tender, with its result once opened',
  request: { params: tenderParam },
  responses: { 200: json(tenderSchema, 'The tender.'), ...problems },
});
const submit = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/bids', tags, summary: 'Submit a sealed bid (replaces your earlier one)',
  description: 'The bid is sealed on your side to the tender’s opening key. Nara signs a statement of its commitment with your vendor certificate (needs a fresh passkey re-authentication) and logs the commitment.',
  request: { params: tenderParam, ...body(z.object({ vendorId: organisationId, sealed: z.string().min(1).max(262_144) })) },
  responses: { 201: json(z.object({ bidId: z.string(), commitment: z.string(), logPendingId: z.number().int() }), 'Received and sealed.'), ...problems },
});
const withdraw = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/bids/withdraw', tags, summary: 'Withdraw your bid before the deadline',
  request: { params: tenderParam, ...body(z.object({ vendorId: organisationId })) },
  responses: { 204: { description: 'Withdrawn.' }, ...problems },
});
const myShare = createRoute({
  method: 'get', path: '/api/v1/procurement/tenders/{tenderId}/my-share', tags, summary: 'Your encrypted share of the opening key (opening officials)',
  request: { params: tenderParam },
  responses: { 200: json(z.object({ jwe: z.string() }), 'Decrypt it on your device with your opening key.'), ...problems },
});
const release = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/shares', tags, summary: 'Release your decrypted share, after the deadline',
  request: { params: tenderParam, ...body(z.object({ share: z.string().regex(/^[A-Za-z0-9_-]{2,128}$/).describe('base64url') })) },
  responses: { 204: { description: 'Released.' }, ...problems },
});
const open = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/open', tags, summary: 'Open the tender and publish the result',
  request: { params: tenderParam },
  responses: { 200: json(z.unknown(), 'The full result.'), ...problems },
});

const clarificationParam = z.object({ clarificationId: z.string().regex(/^clq_[a-z0-9]{8,64}$/).openapi({ description: 'The question id (clq_...).' }) });
const ask = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/questions', tags, summary: 'Ask a clarification question (registered vendors)',
  description: 'The question and its answer are published to everyone; the vendor who asked is not.',
  request: { params: tenderParam, ...body(z.object({ vendorId: organisationId, question: z.string().min(1).max(4000) })) },
  responses: { 201: json(z.object({ id: z.string() }), 'Asked.'), ...problems },
});
const questions = createRoute({
  method: 'get', path: '/api/v1/procurement/tenders/{tenderId}/questions', tags, summary: 'Questions and answers of a tender',
  request: { params: tenderParam },
  responses: {
    200: json(z.object({ items: z.array(z.object({ id: z.string(), question: z.string(), askedAt: z.iso.datetime(), answer: z.string().nullable(), answeredAt: z.iso.datetime().nullable() })) }), 'Every question; answers once given.'),
    ...problems,
  },
});
const answer = createRoute({
  method: 'post', path: '/api/v1/procurement/questions/{clarificationId}/answer', tags, summary: 'Answer a question (officials of the agency)',
  request: { params: clarificationParam, ...body(z.object({ answer: z.string().min(1).max(8000) })) },
  responses: { 204: { description: 'Answered and published.' }, ...problems },
});
const amend = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/amendments', tags, summary: 'Amend a tender before its deadline (officials of the agency)',
  description: 'An amendment that changes requirements moves the bid deadline to at least the configured minimum after now; the opening moves with it.',
  request: {
    params: tenderParam,
    ...body(z.object({ summary: z.string().min(1).max(4000), changesRequirements: z.boolean(), bidDeadline: z.iso.datetime().optional(), description: z.string().max(10_000).optional() })),
  },
  responses: { 201: json(z.object({ id: z.string(), bidDeadline: z.iso.datetime(), openingAt: z.iso.datetime() }), 'Amended.'), ...problems },
});
const cancel = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/cancel', tags, summary: 'Cancel a tender with a public reason (officials of the agency)',
  request: { params: tenderParam, ...body(z.object({ reason: z.string().min(1).max(2000) })) },
  responses: { 204: { description: 'Cancelled.' }, ...problems },
});

export function registerProcurementRoutes(app: OpenAPIHono<AppEnv>, service: ProcurementService): void {
  app.openapi(ask, async (c) => c.json(await service.askQuestion(requireSession(c), c.req.valid('param').tenderId, c.req.valid('json')), 201));
  app.openapi(questions, async (c) => {
    const { clarifications } = await service.tenderView(c.req.valid('param').tenderId);
    const items = clarifications.map((q) => ({ id: q.id, question: q.question, askedAt: q.asked_at.toISOString(), answer: q.answer, answeredAt: q.answered_at?.toISOString() ?? null }));
    return c.json({ items }, 200);
  });
  app.openapi(answer, async (c) => {
    await service.answerQuestion(requireSession(c), c.req.valid('param').clarificationId, c.req.valid('json').answer);
    return c.body(null, 204);
  });
  app.openapi(amend, async (c) => {
    const { bidDeadline, ...rest } = c.req.valid('json');
    const done = await service.amendTender(requireSession(c), c.req.valid('param').tenderId, { ...rest, ...(bidDeadline ? { bidDeadline: new Date(bidDeadline) } : {}) });
    return c.json({ id: done.id, bidDeadline: done.bidDeadline.toISOString(), openingAt: done.openingAt.toISOString() }, 201);
  });
  app.openapi(cancel, async (c) => {
    await service.cancelTender(requireSession(c), c.req.valid('param').tenderId, c.req.valid('json').reason);
    return c.body(null, 204);
  });
  app.openapi(registerVendor, async (c) => c.json(await service.registerVendor(requireSession(c), c.req.valid('json')), 201));
  app.openapi(debar, async (c) => {
    const input = c.req.valid('json');
    return c.json(await service.debarVendor(requireSession(c), { ...input, until: new Date(input.until) }), 201);
  });
  app.openapi(registerKey, async (c) => {
    const session = requireSession(c);
    const jwk = parseEcPublicJwk(c.req.valid('json').publicJwk);
    if (!jwk) throw invalidInput([{ field: 'publicJwk', message: 'Send the public half of a P-256 key as a JWK (kty EC, crv P-256, x, y; no d).' }]);
    await service.registerOpeningKey(session, jwk);
    return c.body(null, 204);
  });
  app.openapi(publish, async (c) => {
    const input = c.req.valid('json');
    const { clarificationDeadline, ...rest } = input;
    return c.json(
      await service.publishTender(requireSession(c), {
        ...rest, bidDeadline: new Date(input.bidDeadline), openingAt: new Date(input.openingAt),
        ...(clarificationDeadline ? { clarificationDeadline: new Date(clarificationDeadline) } : {}),
      }),
      201,
    );
  });
  app.openapi(list, async (c) => c.json({ items: (await service.listTenders()).map(toTenderJson) }, 200));
  app.openapi(getOne, async (c) => c.json(toTenderJson(await service.getTender(c.req.valid('param').tenderId)), 200));
  app.openapi(submit, async (c) => c.json(await service.submitBid(requireSession(c), c.req.valid('param').tenderId, c.req.valid('json')), 201));
  app.openapi(withdraw, async (c) => {
    await service.withdrawBid(requireSession(c), c.req.valid('param').tenderId, c.req.valid('json').vendorId);
    return c.body(null, 204);
  });
  app.openapi(myShare, async (c) => c.json({ jwe: await service.shareFor(requireSession(c), c.req.valid('param').tenderId) }, 200));
  app.openapi(release, async (c) => {
    await service.releaseShare(requireSession(c), c.req.valid('param').tenderId, Buffer.from(c.req.valid('json').share, 'base64url'));
    return c.body(null, 204);
  });
  app.openapi(open, async (c) => c.json(await service.openTender(requireSession(c), c.req.valid('param').tenderId), 200));
}
