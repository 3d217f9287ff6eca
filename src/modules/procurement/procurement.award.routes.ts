import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { requireSession } from '../../kernel/identity/policy.js';
import type { ProcurementService } from './procurement.service.js';

const tags = ['e-Procurement'];
const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const problems = { 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const tenderParam = z.object({ tenderId: z.string().regex(/^tnd_[a-z0-9]{8,64}$/).openapi({ description: 'The tender id (tnd_...).' }) });
const complaintParam = z.object({ complaintId: z.string().regex(/^cmp_[a-z0-9]{8,64}$/).openapi({ description: 'The complaint id (cmp_...).' }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const complaintSchema = z.object({
  id: z.string(), vendorId: z.string(), filedAt: z.iso.datetime(), grounds: z.string(),
  status: z.enum(['pending', 'upheld', 'dismissed']), decisionReasons: z.string().nullable(), decidedAt: z.iso.datetime().nullable(),
}).openapi('ProcurementComplaint');
const awardSchema = z.object({
  award: z.object({ vendorId: z.string(), bidId: z.string(), price: z.number().int(), decidedAt: z.iso.datetime(), standstillEndsAt: z.iso.datetime(), annulledAt: z.iso.datetime().nullable() }).nullable(),
  state: z.enum(['standstill', 'suspended', 'final', 'annulled']).nullable().describe('final: the standstill ended with no complaint pending; a contract may follow.'),
  complaints: z.array(complaintSchema),
}).openapi('ProcurementAward');

const decide = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/award', tags, summary: 'Decide the award to the winning bid (officials of the agency)',
  description: 'Starts the standstill period during which bidders may complain.',
  request: { params: tenderParam },
  responses: { 201: json(z.object({ vendorId: z.string(), price: z.number().int(), standstillEndsAt: z.iso.datetime() }), 'Decided.'), ...problems },
});
const read = createRoute({
  method: 'get', path: '/api/v1/procurement/tenders/{tenderId}/award', tags, summary: 'The award decision, its state and the complaints, as published',
  request: { params: tenderParam },
  responses: { 200: json(awardSchema, 'The award.'), 404: problem },
});
const complain = createRoute({
  method: 'post', path: '/api/v1/procurement/tenders/{tenderId}/complaints', tags, summary: 'Complain about the award during the standstill (bidders)',
  description: 'A pending complaint suspends the award until it is decided. The grounds and the decision are published.',
  request: { params: tenderParam, ...body(z.object({ vendorId: z.string().min(1).max(64), grounds: z.string().min(1).max(8000) })) },
  responses: { 201: json(z.object({ id: z.string() }), 'Filed; the award is suspended.'), ...problems },
});
const decideComplaint = createRoute({
  method: 'post', path: '/api/v1/procurement/complaints/{complaintId}/decision', tags, summary: 'Decide a complaint with published reasons (officials of the agency)',
  description: 'Upholding a complaint annuls the award.',
  request: { params: complaintParam, ...body(z.object({ uphold: z.boolean(), reasons: z.string().min(1).max(8000) })) },
  responses: { 204: { description: 'Decided and published.' }, ...problems },
});

export function registerAwardRoutes(app: OpenAPIHono<AppEnv>, service: ProcurementService): void {
  app.openapi(decide, async (c) => {
    const done = await service.decideAward(requireSession(c), c.req.valid('param').tenderId);
    return c.json({ ...done, standstillEndsAt: done.standstillEndsAt.toISOString() }, 201);
  });
  app.openapi(read, async (c) => {
    const id = c.req.valid('param').tenderId;
    await service.getTender(id);
    const { award, complaints, state } = await service.awardView(id);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return c.json({
      award: award ? { vendorId: award.vendor_id, bidId: award.bid_id, price: award.price, decidedAt: award.decided_at.toISOString(), standstillEndsAt: award.standstill_ends_at.toISOString(), annulledAt: iso(award.annulled_at) } : null,
      state: state ?? null,
      complaints: complaints.map((k) => ({ id: k.id, vendorId: k.vendor_id, filedAt: k.filed_at.toISOString(), grounds: k.grounds, status: k.status, decisionReasons: k.decision_reasons, decidedAt: iso(k.decided_at) })),
    }, 200);
  });
  app.openapi(complain, async (c) => c.json(await service.fileComplaint(requireSession(c), c.req.valid('param').tenderId, c.req.valid('json')), 201));
  app.openapi(decideComplaint, async (c) => {
    await service.decideComplaint(requireSession(c), c.req.valid('param').complaintId, c.req.valid('json'));
    return c.body(null, 204);
  });
}
