import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig, type NaraConfig } from './kernel/config/config.js';
import { openDatabase, type DatabaseHandle } from './kernel/db/database.js';
import { migrate } from './kernel/db/migrator.js';
import { createKernel, migrationSourcesFor, type Kernel } from './kernel/kernel.js';
import type { ModuleManifest } from './kernel/module.js';
import { allModules } from './modules/index.js';
import { seedDemoCountryIfEmpty, type SeedDemoResult } from './seed/seed-demo.js';

export interface RunningNara {
  kernel: Kernel;
  url: string;
  /** Set when this start loaded the demo country into an empty demo install. */
  demoSeed?: SeedDemoResult;
  stop(): Promise<void>;
}

/** Opens the database and applies pending migrations; the caller closes the handle. */
export async function openAndMigrate(config: NaraConfig, modules: ModuleManifest[] = allModules): Promise<DatabaseHandle> {
  const database = await openDatabase(config);
  try {
    await migrate(database.db, migrationSourcesFor(modules));
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The composition root: config -> database -> migrate -> kernel -> modules -> serve. */
export async function startNara(config: NaraConfig = loadConfig(), modules: ModuleManifest[] = allModules): Promise<RunningNara> {
  const database = await openAndMigrate(config, modules);
  const kernel = createKernel({ config, database, modules });
  // The platform root CA exists from the first start (idempotent; safe when processes race).
  await kernel.pki.ensurePlatformRoot().catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  // A fresh demo install gets the demo country before the first request can see it empty.
  const demoSeed = await seedDemoCountryIfEmpty(kernel).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const app = createApp({ kernel, modules, collectProcessMetrics: true });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  // Handlers are registered by now (createApp created the modules); the worker starts last.
  const jobRunner = config.jobWorkers > 0 ? kernel.jobs.createRunner({ concurrency: config.jobWorkers }) : undefined;
  jobRunner?.start();
  // The log's sequencer: one batch at a time across processes (an advisory lock per batch).
  kernel.transparencyLog.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  return {
    kernel,
    ...(demoSeed ? { demoSeed } : {}),
    url: config.port === port ? config.publicUrl : `http://localhost:${port}`,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await jobRunner?.stop();
        await kernel.transparencyLog.stop();
        await database.close();
      })()),
  };
}
