import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { notFound } from '../../kernel/http/errors.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { ANSWER_OUTCOMES, type EpeopleService } from './epeople.service.js';
import type { CaseRow } from './epeople.tables.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const caseIdParam = z.object({ caseId: z.string().min(1).max(64).openapi({ description: 'The case id (cas_...).' }) });
const tags = ['e-People'];

export const answerDraftSchema = z
  .object({
    review: z.enum(['pending', 'returned', 'none']).openapi({ description: 'pending: waits for a supervisor; returned: sent back with a comment; none: no draft.' }),
    answer: z.string().nullable(),
    outcome: z.enum(ANSWER_OUTCOMES).nullable(),
    remedies: z.string().nullable(),
    draftedBy: z.string().nullable(),
    draftedAt: z.string().nullable(),
    comment: z.string().nullable().openapi({ description: 'The supervisor\'s comment when the draft was returned.' }),
    status: z.string().openapi({ description: 'The case status (answered once an approved draft was sent).' }),
  })
  .openapi('EpeopleAnswerDraft');

const toDraftJson = (r: CaseRow): z.infer<typeof answerDraftSchema> => ({
  review: r.answer_review === 'pending' || r.answer_review === 'returned' ? r.answer_review : 'none',
  answer: r.answer_draft,
  outcome: r.answer_draft_outcome as z.infer<typeof answerDraftSchema>['outcome'],
  remedies: r.answer_draft_remedies,
  draftedBy: r.answer_drafted_by,
  draftedAt: r.answer_drafted_at?.toISOString() ?? null,
  comment: r.answer_review_comment,
  status: r.status,
});

const json = { content: { 'application/json': { schema: answerDraftSchema } } };

const getDraft = createRoute({
  method: 'get', path: '/api/v1/epeople/cases/{caseId}/answer-draft', tags, summary: 'The draft answer and its review (officials of the body)',
  request: { params: caseIdParam },
  responses: { 200: { description: 'The draft, if any.', ...json }, 401: problem, 404: problem },
});

const submitDraft = createRoute({
  method: 'post', path: '/api/v1/epeople/cases/{caseId}/answer-draft', tags, summary: 'Submit a draft answer for a supervisor\'s approval (an official of the body)',
  description: 'Replaces any earlier draft. Nothing reaches the filer until a supervisor approves it; the approval signs and sends it.',
  request: {
    params: caseIdParam,
    body: { content: { 'application/json': { schema: z.object({ answer: z.string().max(8000), outcome: z.enum(ANSWER_OUTCOMES), remedies: z.string().max(2000).optional() }) } }, required: true },
  },
  responses: { 200: { description: 'The draft, pending.', ...json }, 401: problem, 404: problem, 409: problem, 422: problem },
});

const approveDraft = createRoute({
  method: 'post', path: '/api/v1/epeople/cases/{caseId}/answer-draft/approval', tags, summary: 'Approve the pending draft: sign it with your certificate and send it (a supervisor of the body)',
  description: 'A supervisor is an agency admin of the case\'s body; nobody approves their own draft.',
  request: { params: caseIdParam },
  responses: { 200: { description: 'The case, answered.', ...json }, 401: problem, 404: problem, 409: problem, 422: problem },
});

const returnDraft = createRoute({
  method: 'post', path: '/api/v1/epeople/cases/{caseId}/answer-draft/return', tags, summary: 'Return the pending draft with a comment (a supervisor of the body)',
  request: { params: caseIdParam, body: { content: { 'application/json': { schema: z.object({ comment: z.string().max(2000) }) } }, required: true } },
  responses: { 200: { description: 'The draft, returned.', ...json }, 401: problem, 404: problem, 409: problem, 422: problem },
});

/** The JSON API of the supervisor's approval of answers. */
export function registerReviewRoutes(app: OpenAPIHono<AppEnv>, service: EpeopleService): void {
  /** The draft as an official of the body sees it; the filer never sees the body's drafts (not found). */
  const reply = async (session: ReturnType<typeof requireSession>, caseId: string) => {
    const view = await service.readCase(session, caseId);
    if (view.viewer !== 'official') throw notFound('The draft answer');
    return toDraftJson(view.case);
  };

  app.openapi(getDraft, async (c) => {
    return c.json(await reply(requireSession(c), c.req.valid('param').caseId), 200);
  });
  app.openapi(submitDraft, async (c) => {
    const session = requireSession(c);
    const { caseId } = c.req.valid('param');
    const b = c.req.valid('json');
    await service.submitAnswerDraft(session, caseId, { text: b.answer, outcome: b.outcome, remedies: b.remedies ?? '' });
    return c.json(await reply(session, caseId), 200);
  });
  app.openapi(approveDraft, async (c) => {
    const session = requireSession(c);
    const { caseId } = c.req.valid('param');
    await service.approveAnswerDraft(session, caseId);
    return c.json(await reply(session, caseId), 200);
  });
  app.openapi(returnDraft, async (c) => {
    const session = requireSession(c);
    const { caseId } = c.req.valid('param');
    await service.returnAnswerDraft(session, caseId, c.req.valid('json').comment);
    return c.json(await reply(session, caseId), 200);
  });
}
