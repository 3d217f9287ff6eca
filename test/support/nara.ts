import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../src/app.js';
import { fixedClock, type Clock } from '../../src/kernel/clock.js';
import { loadConfig, type NaraConfig } from '../../src/kernel/config/config.js';
import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import { migrate } from '../../src/kernel/db/migrator.js';
import type { AppEnv } from '../../src/kernel/http/context.js';
import { createLogger } from '../../src/kernel/http/logger.js';
import { createKernel, migrationSourcesFor, type Kernel } from '../../src/kernel/kernel.js';
import type { ModuleManifest } from '../../src/kernel/module.js';
import { allModules } from '../../src/modules/index.js';
import { createTestDatabase } from './database.js';

export interface TestNara {
  kernel: Kernel;
  app: OpenAPIHono<AppEnv>;
  database: DatabaseHandle;
  clock: Clock & { advance(ms: number): void; set(d: Date): void };
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<NaraConfig> = {}): NaraConfig {
  return {
    ...loadConfig({ NARA_ENV: 'test', NARA_DATA_DIR: '.nara-test', NARA_LOG_LEVEL: 'silent' }),
    ...overrides,
  };
}

/** A composed Nara on a fresh database with every migration applied; call `close()` after. */
export async function createTestNara(options: { modules?: ModuleManifest[]; config?: Partial<NaraConfig> } = {}): Promise<TestNara> {
  const modules = options.modules ?? allModules;
  const database = await createTestDatabase();
  await migrate(database.db, migrationSourcesFor(modules));
  const config = testConfig(options.config);
  const clock = fixedClock(new Date('2026-03-02T09:00:00+09:00'));
  const kernel = createKernel({ config, database, modules, clock, logger: createLogger('silent') });
  const app = createApp({ kernel, modules });
  return { kernel, app, database, clock, close: () => database.close() };
}
