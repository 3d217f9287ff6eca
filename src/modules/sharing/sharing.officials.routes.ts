import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { authorize, requireSession } from '../../kernel/identity/policy.js';
import { renderProviderAlertsPage } from './sharing.monitoring.pages.js';
import type { SharingService } from './sharing.service.js';

/** Pages for officials beside the lookup screen: alerts about their agency's items. */
export function registerSharingOfficialPages(app: OpenAPIHono<AppEnv>, service: SharingService): void {
  app.get('/sharing/provider-alerts', async (c) => {
    authorize(c, 'official.start.view');
    const session = requireSession(c);
    const alerts = await service.providerAlerts(session);
    const names = new Map<string, string>();
    for (const id of new Set(alerts.map((a) => a.official_id))) names.set(id, await service.personName(id));
    return renderProviderAlertsPage(c, { alerts, names, agencies: await service.agencies(), mine: session.officialOf });
  });
}
