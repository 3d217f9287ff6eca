import type { Kernel } from '../kernel/kernel.js';
import type { ModuleManifest } from '../kernel/module.js';
import { epeopleModule } from './epeople/index.js';
import { createDemoRegistryFactsSource, createGov24Manifest, createSharingFactsSource } from './gov24/index.js';
import { procurementModule } from './procurement/index.js';
import { createSharingConsents, sharingModule } from './sharing/index.js';

/** Gov24 fetches the facts its applicants consent to through the sharing hub's consented lookup. */
export const gov24Facts = (kernel: Kernel) => createSharingFactsSource(createSharingConsents(kernel), createDemoRegistryFactsSource(kernel));
const gov24Module = createGov24Manifest({ facts: gov24Facts });

/** Every bounded context this installation runs, in migration order. */
export const allModules: ModuleManifest[] = [epeopleModule, procurementModule, sharingModule, gov24Module];
