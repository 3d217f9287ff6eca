import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { createDemoRegistryFactsSource, createDevelopmentPaymentAdapter, type FactsSource, type PaymentPort } from './gov24.ports.js';
import { createCertificateService } from './gov24.certificates.js';
import { registerCertificateRoutes } from './gov24.certificates.routes.js';
import { createLifeService } from './gov24.life.js';
import { registerLifeRoutes } from './gov24.life.routes.js';
import { createDemoRefundSource, type RefundSource } from './gov24.refunds.js';
import { registerGov24Routes } from './gov24.routes.js';
import { createGov24Service } from './gov24.service.js';
import './gov24.tables.js';

export { seedGov24Demo } from './gov24.seed.js';
export type { FactsSource, PaymentPort } from './gov24.ports.js';
export type { RefundSource, UnrefundedMoney } from './gov24.refunds.js';
export { createDemoRegistryFactsSource } from './gov24.ports.js';
export { createSharingFactsSource } from './gov24.facts.js';
export type { ServiceDefinition } from './gov24.catalogue.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export interface Gov24Options {
  /** The facts other agencies hold: the sharing hub's consented lookup; default the demo registry adapter. */
  facts?: (kernel: Kernel) => FactsSource;
  /** Fees: the deployment's payment gateway; default the development adapter (takes no money). */
  payments?: (kernel: Kernel) => PaymentPort;
  /** Un-refunded money across agencies; default the demo adapter. */
  refunds?: (kernel: Kernel) => RefundSource;
}

/** Gov24: find any service, apply once online, follow it in one window; officials decide in the back office. */
export function createGov24Manifest(options: Gov24Options = {}): ModuleManifest {
  return {
    name: 'gov24',
    migrations: { owner: 'gov24', dir: here('./migrations') },
    messages: { owner: 'gov24', dir: here('./messages') },
    create(kernel: Kernel) {
      const facts = options.facts?.(kernel) ?? createDemoRegistryFactsSource(kernel);
      const service = createGov24Service(kernel, {
        facts,
        payments: options.payments?.(kernel) ?? createDevelopmentPaymentAdapter(),
      });
      const certificates = createCertificateService(kernel, { facts });
      const life = createLifeService(kernel, { facts, refunds: options.refunds?.(kernel) ?? createDemoRefundSource() });
      return {
        name: 'gov24',
        register: (app) => {
          registerGov24Routes(app, service);
          registerCertificateRoutes(app, certificates);
          registerLifeRoutes(app, {
            life,
            agencyName: async (code, locale) => {
              const id = await service.agencyIdByCode(code);
              return id ? service.agencyName(id, locale) : code;
            },
            serviceName: async (code, locale) => {
              const found = await service.serviceByCode(code).catch(() => undefined);
              return found ? (locale === 'ko' ? found.service.name_ko : found.service.name_en) : code;
            },
          });
        },
        serviceLinks: [{ href: '/gov24', titleKey: 'ui.area.gov24.title', descriptionKey: 'ui.area.gov24.description' }],
      };
    },
  };
}

export const gov24Module: ModuleManifest = createGov24Manifest();
