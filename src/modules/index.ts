import type { ModuleManifest } from '../kernel/module.js';
import { epeopleModule } from './epeople/index.js';
import { gov24Module } from './gov24/index.js';
import { procurementModule } from './procurement/index.js';
import { sharingModule } from './sharing/index.js';

/** Every bounded context this installation runs, in migration order. */
export const allModules: ModuleManifest[] = [epeopleModule, procurementModule, sharingModule, gov24Module];
