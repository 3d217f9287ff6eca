import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { registerProcurementRoutes } from './procurement.routes.js';
import { createProcurementService } from './procurement.service.js';
import './procurement.tables.js';

export { createProcurementService, type ProcurementService } from './procurement.service.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * e-Procurement (KONEPS): vendors, tenders, sealed bids opened by k of n officials. The public
 * pages and the contract, complaint, shopping-mall and OCDS parts are not built yet, so the home
 * page still lists the area as coming.
 */
export const procurementModule: ModuleManifest = {
  name: 'procurement',
  migrations: { owner: 'procurement', dir: here('./migrations') },
  create(kernel: Kernel) {
    const service = createProcurementService(kernel);
    return { name: 'procurement', register: (app) => registerProcurementRoutes(app, service) };
  },
};
