import { createRoute, z } from '@hono/zod-openapi';
import type { ModuleManifest } from '../../src/kernel/module.js';

/** All `<form>` elements of an HTML page. */
export const formsIn = (html: string) => html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];

/** A module with one documented API operation and one page route that crashes, for shell tests. */
export const probeModule: ModuleManifest = {
  name: 'ui-probe',
  create: () => ({
    name: 'ui-probe',
    register(app) {
      app.openapi(
        createRoute({
          method: 'get',
          path: '/api/v1/probes/{probeId}',
          summary: 'Read one probe',
          request: {
            params: z.object({ probeId: z.string().openapi({ description: 'The probe id' }) }),
            query: z.object({ verbose: z.string().optional() }),
          },
          responses: {
            200: { description: 'The probe', content: { 'application/json': { schema: z.object({ id: z.string(), weight: z.number() }) } } },
            404: { description: 'No such probe' },
          },
        }),
        (c) => c.json({ id: c.req.valid('param').probeId, weight: 1 }, 200),
      );
      app.post('/probe/form', (c) => c.text('accepted'));
      app.get('/probe/boom', () => {
        throw new Error('secret internal detail');
      });
    },
    serviceLinks: [{ href: '/petitions', titleKey: 'ui.area.petitions.title', descriptionKey: 'ui.area.petitions.description' }],
  }),
};
