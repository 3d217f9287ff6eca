import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { authorize } from '../identity/policy.js';
import type { Kernel } from '../kernel.js';
import { renderJobsAdminPage } from './jobs.pages.js';
import { jobsOverview, retryDeadJob } from './jobs.service.js';
import type { JobRow } from './jobs.tables.js';

const jobState = z.enum(['queued', 'running', 'retrying', 'done', 'dead']);

const jobSummary = z
  .object({
    id: z.number().int(),
    type: z.string(),
    state: jobState,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.iso.datetime().describe('When the job is due (for queued and retrying jobs: its next run).'),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('JobSummary');

const jobsOverviewSchema = z
  .object({
    counts: z.object({ queued: z.number().int(), running: z.number().int(), retrying: z.number().int(), done: z.number().int(), dead: z.number().int() }),
    failing: z.array(jobSummary).describe('Jobs waiting to retry or dead, most recently changed first.'),
    recent: z.array(jobSummary).describe('Most recently changed jobs in any state.'),
  })
  .openapi('JobsOverview');

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };

const getJobs = createRoute({
  method: 'get',
  path: '/api/v1/admin/jobs',
  summary: 'Background jobs overview',
  description: 'Counts of jobs by state and the recent and failing jobs, for platform administrators (and platform-wide auditors).',
  tags: ['Administration'],
  security: [{ sessionCookie: [] }],
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(25) }) },
  responses: { 200: { description: 'The overview.', content: { 'application/json': { schema: jobsOverviewSchema } } }, 401: problem, 403: problem },
});

function toSummary(job: JobRow): z.infer<typeof jobSummary> {
  return {
    id: job.id,
    type: job.type,
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.max_attempts,
    runAt: job.run_at.toISOString(),
    lastError: job.last_error,
    createdAt: job.created_at.toISOString(),
    updatedAt: job.updated_at.toISOString(),
  };
}

/** The platform administrators' view of background jobs: a page, a retry action and a JSON endpoint. */
export function registerJobAdminRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/admin/jobs', async (c) => {
    authorize(c, 'jobs.view');
    const retried = Number(c.req.query('retried'));
    return renderJobsAdminPage(c, await jobsOverview(kernel.db), Number.isSafeInteger(retried) && retried > 0 ? retried : undefined);
  });

  app.post('/admin/jobs/:id/retry', async (c) => {
    authorize(c, 'platform.admin');
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return c.redirect('/admin/jobs', 303);
    await retryDeadJob(kernel.db, kernel.clock, id);
    return c.redirect(`/admin/jobs?retried=${id}`, 303);
  });

  app.openapi(getJobs, async (c) => {
    authorize(c, 'jobs.view');
    const overview = await jobsOverview(kernel.db, c.req.valid('query').limit);
    return c.json({ counts: overview.counts, failing: overview.failing.map(toSummary), recent: overview.recent.map(toSummary) }, 200);
  });
}
