import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { federationFromConfig, registerNodeRoots } from './sharing.federation.js';
import { registerSharingOfficialPages } from './sharing.officials.routes.js';
import { registerSharingPages } from './sharing.pages.routes.js';
import { registerSharingApi } from './sharing.routes.js';
import { createSharingService } from './sharing.service.js';
import { DEFAULT_SHARING_SETTINGS, type SharingSettings } from './sharing.types.js';
import './sharing.tables.js';

export { seedSharingDemo, type SharingDemoInput, type SharingDemoPerson } from './sharing.seed.js';
export { DEFAULT_SHARING_SETTINGS, type ProviderAdapter, type SharingSettings } from './sharing.types.js';
export {
  CONSENT_LEGAL_BASIS, createSharingConsents, DEFAULT_CONSENT_SETTINGS,
  type ConsentedLookupInput, type ConsentedLookupResult, type ConsentSettings, type RecordConsentInput, type SharingConsentPort,
} from './sharing.consent.js';
export type { ConsentedItem } from './sharing.tables.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Public information sharing: officials look up what other agencies' registries hold for the case
 * in hand, only the fields their service is approved for, every access recorded, logged and shown
 * to the person concerned. A deployment passes its own provider adapters and limits.
 */
export function createSharingManifest(settings: Partial<SharingSettings> = {}): ModuleManifest {
  return {
    name: 'sharing',
    migrations: { owner: 'sharing', dir: here('./migrations') },
    messages: { owner: 'sharing', dir: here('./messages') },
    create(kernel: Kernel) {
      // Settings passed in code win over the environment's federation settings (tests pass their own).
      const fromConfig = federationFromConfig(kernel.config, (message, data) => kernel.logger.warn(message, data));
      const merged: SharingSettings = { ...DEFAULT_SHARING_SETTINGS, ...fromConfig, ...settings };
      const service = createSharingService(kernel, merged);
      return {
        name: 'sharing',
        register: (app) => {
          registerSharingApi(app, service);
          registerNodeRoots(app, kernel);
          registerSharingPages(app, service);
          registerSharingOfficialPages(app, service);
        },
        serviceLinks: [{ href: '/sharing', titleKey: 'ui.area.sharing.title', descriptionKey: 'ui.area.sharing.description' }],
      };
    },
  };
}

export const sharingModule: ModuleManifest = createSharingManifest();
