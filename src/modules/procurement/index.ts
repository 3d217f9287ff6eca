import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { registerAwardRoutes } from './procurement.award.routes.js';
import { registerBidPage } from './procurement.bid-page.js';
import { registerLiveResult } from './procurement.live.js';
import { createOcdsPublisher } from './procurement.ocds.js';
import { registerOcdsRoutes } from './procurement.ocds.routes.js';
import { registerProcurementPages } from './procurement.page-routes.js';
import { registerProcurementRoutes } from './procurement.routes.js';
import { createProcurementService } from './procurement.service.js';
import { DEFAULT_PROCUREMENT_SETTINGS, type ProcurementSettings } from './procurement.types.js';
import './procurement.tables.js';

export { createProcurementService, type ProcurementService } from './procurement.service.js';
export { runSealBid, SEAL_BID_USAGE } from './procurement.vendor-cli.js';
export { seedProcurementDemo, type ProcurementDemoInput } from './procurement.seed.js';
export { DEFAULT_PROCUREMENT_SETTINGS, type ProcurementSettings } from './procurement.types.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * e-Procurement (KONEPS): vendors, tenders from every agency, sealed bids opened by k of n
 * officials, public results and vendors' records. A deployment passes its own settings.
 */
export function createProcurementManifest(settings: Partial<ProcurementSettings> = {}): ModuleManifest {
  const merged: ProcurementSettings = { ...DEFAULT_PROCUREMENT_SETTINGS, ...settings };
  return {
    name: 'procurement',
    migrations: { owner: 'procurement', dir: here('./migrations') },
    messages: { owner: 'procurement', dir: here('./messages') },
    create(kernel: Kernel) {
      const service = createProcurementService(kernel, merged);
      return {
        name: 'procurement',
        register: (app) => {
          registerProcurementRoutes(app, service);
          registerAwardRoutes(app, service);
          registerProcurementPages(app, service, () => kernel.clock.now());
          registerLiveResult(app, service, merged.liveResultPollMs);
          registerBidPage(app, service);
          registerOcdsRoutes(app, service, createOcdsPublisher(kernel, merged), kernel.config.publicUrl);
        },
        serviceLinks: [{ href: '/procurement', titleKey: 'ui.area.procurement.title', descriptionKey: 'ui.area.procurement.description' }],
      };
    },
  };
}

export const procurementModule: ModuleManifest = createProcurementManifest();
