import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import type { Kernel } from '../../kernel/kernel.js';
import { renderStatisticsPage } from './epeople.statistics.pages.js';
import { statisticsForYear } from './epeople.statistics.js';

const agencyStatisticsSchema = z
  .object({
    agencyId: z.string(),
    agencyCode: z.string(),
    nameEn: z.string(),
    nameKo: z.string(),
    received: z.number().int().openapi({ description: 'Cases received in the year and now with this agency.' }),
    answered: z.number().int(),
    answeredOnTime: z.number().int().openapi({ description: 'Answered by their due time (after any lawful extension or pause).' }),
    answeredOnTimePercent: z.number().nullable().openapi({ description: 'answeredOnTime / answered x 100, one decimal; null when none was answered.' }),
    medianHoursToAnswer: z.number().nullable().openapi({ description: 'Median wall-clock hours from receipt to answer, one decimal.' }),
    extensionsUsed: z.number().int(),
    casesExtended: z.number().int(),
    rated: z.number().int().openapi({ description: 'Answers the filer rated.' }),
    satisfied: z.number().int(),
  })
  .openapi('EpeopleAgencyStatistics');

const yearQuery = z.object({ year: z.string().regex(/^\d{4}$/).optional().openapi({ description: 'Calendar year (Korean time); default this year.' }) });

const statisticsRoute = createRoute({
  method: 'get',
  path: '/api/v1/epeople/statistics',
  summary: 'Public e-People statistics per agency',
  description: 'Open data: per agency, cases received, answered on time, median time to answer, extensions used, satisfaction.',
  tags: ['e-People'],
  request: { query: yearQuery },
  responses: {
    200: {
      description: 'The statistics of one year.',
      content: { 'application/json': { schema: z.object({ year: z.number().int(), generatedAt: z.string(), agencies: z.array(agencyStatisticsSchema) }) } },
    },
    422: { description: 'A year out of range.', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string() }) } } },
  },
});

/** The public statistics page and its JSON twin; no sign-in needed. */
export function registerStatisticsRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  const thisYear = () => Number(kernel.clock.now().toISOString().slice(0, 4));
  const yearOf = (raw: string | undefined) => (raw && /^\d{4}$/.test(raw) ? Number(raw) : raw === undefined || raw === '' ? thisYear() : Number.NaN);

  app.get('/epeople/statistics', async (c) => renderStatisticsPage(c, await statisticsForYear(kernel, yearOf(c.req.query('year'))), thisYear()));

  app.openapi(statisticsRoute, async (c) => c.json(await statisticsForYear(kernel, yearOf(c.req.valid('query').year)), 200));
}
