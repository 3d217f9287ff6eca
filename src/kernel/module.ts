import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MigrationSource } from './db/migrator.js';
import type { AppEnv } from './http/context.js';
import type { CatalogSource } from './i18n/i18n.js';
import type { Kernel } from './kernel.js';

/**
 * What a bounded context hands the composition root. A module's `index.ts` exports one
 * `create<Name>Module(kernel)` returning this; nothing else of the module is imported outside it.
 */
export interface NaraModule {
  name: string;
  /** Mounts the module's API routes (under /api/v1) and pages. */
  register(app: OpenAPIHono<AppEnv>): void;
  /** Links on the home page and the header, by message key. */
  serviceLinks?: { href: string; titleKey: string; descriptionKey: string }[];
}

/** Static facts about a module the migrator and catalog loader need before the kernel exists. */
export interface ModuleManifest {
  name: string;
  migrations?: MigrationSource;
  messages?: CatalogSource;
  create(kernel: Kernel): NaraModule;
}
