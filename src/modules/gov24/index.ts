import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { createDemoRegistryFactsSource, createDevelopmentPaymentAdapter, type FactsSource, type PaymentPort } from './gov24.ports.js';
import { registerGov24Routes } from './gov24.routes.js';
import { createGov24Service } from './gov24.service.js';
import './gov24.tables.js';

export { seedGov24Demo } from './gov24.seed.js';
export type { FactsSource, PaymentPort } from './gov24.ports.js';
export type { ServiceDefinition } from './gov24.catalogue.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export interface Gov24Options {
  /** The facts other agencies hold: the sharing hub's consented lookup; default the demo registry adapter. */
  facts?: (kernel: Kernel) => FactsSource;
  /** Fees: the deployment's payment gateway; default the development adapter (takes no money). */
  payments?: (kernel: Kernel) => PaymentPort;
}

/** Gov24: find any service, apply once online, follow it in one window; officials decide in the back office. */
export function createGov24Manifest(options: Gov24Options = {}): ModuleManifest {
  return {
    name: 'gov24',
    migrations: { owner: 'gov24', dir: here('./migrations') },
    messages: { owner: 'gov24', dir: here('./messages') },
    create(kernel: Kernel) {
      const service = createGov24Service(kernel, {
        facts: options.facts?.(kernel) ?? createDemoRegistryFactsSource(kernel),
        payments: options.payments?.(kernel) ?? createDevelopmentPaymentAdapter(),
      });
      return {
        name: 'gov24',
        register: (app) => registerGov24Routes(app, service),
        serviceLinks: [{ href: '/gov24', titleKey: 'ui.area.gov24.title', descriptionKey: 'ui.area.gov24.description' }],
      };
    },
  };
}

export const gov24Module: ModuleManifest = createGov24Manifest();

/** The facts ports a deployment wires: the sharing hub's consented lookup, and the demo registry adapter. */
export { createDemoRegistryFactsSource } from './gov24.ports.js';
export { createSharingFactsSource } from './gov24.facts.js';
