import { fileURLToPath } from 'node:url';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { NaraConfig } from './config/config.js';
import type { DatabaseHandle, Db } from './db/database.js';
import type { MigrationSource } from './db/migrator.js';
import { createLogger, type Logger } from './http/logger.js';
import { createIdentity, type Identity } from './identity/identity.js';
import { createJobs, type Jobs } from './jobs/jobs.kernel.js';
import { createEmailSender, type EmailSender } from './notifications/notifications.mailers.js';
import { createNotifications, type Notifications } from './notifications/notifications.kernel.js';
import { createPki, type Pki } from './trust/ca/pki.kernel.js';
import { createTransparencyLog, type TransparencyLog } from './trust/log/log.service.js';
import { uiCatalogSource } from './ui/catalog.js';
import { createI18n, loadCatalogs, type CatalogSource, type I18n } from './i18n/i18n.js';
import { LOCALES } from './i18n/locales.js';
import type { ModuleManifest } from './module.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** Kernel parts that own tables, in the order their migrations apply. */
export const kernelMigrationSources: MigrationSource[] = [
  { owner: 'kernel.identity', dir: here('./identity/migrations') },
  { owner: 'kernel.jobs', dir: here('./jobs/migrations') },
  { owner: 'kernel.notifications', dir: here('./notifications/migrations') },
  { owner: 'kernel.trust.ca', dir: here('./trust/ca/migrations') },
  { owner: 'kernel.trust.log', dir: here('./trust/log/migrations') },
  { owner: 'kernel.oidc', dir: here('./oidc/migrations') },
];

/** Kernel parts that own message catalogues. */
export const kernelCatalogSources: CatalogSource[] = [
  uiCatalogSource,
  { owner: 'kernel.identity', dir: here('./identity/messages'), locales: LOCALES },
  { owner: 'kernel.jobs', dir: here('./jobs/messages'), locales: LOCALES },
  { owner: 'kernel.notifications', dir: here('./notifications/messages'), locales: LOCALES },
  { owner: 'kernel.trust', dir: here('./trust/messages'), locales: LOCALES },
  { owner: 'kernel.oidc', dir: here('./oidc/messages'), locales: LOCALES },
];

export interface Kernel {
  config: NaraConfig;
  database: DatabaseHandle;
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: I18n;
  /** People, organisations, roles, sessions, passkeys and API clients. */
  identity: Identity;
  /** Durable jobs (transactional outbox), their handlers and recurring schedules. */
  jobs: Jobs;
  /** Every person's inbox, and email through the outbox. */
  notifications: Notifications;
  /** Certificate authorities, certificates, CRLs, and signing on behalf of people (`trust/ca`). */
  pki: Pki;
  /** The public transparency log (C2SP tlog-tiles): append typed events, get receipts (`trust/log`). */
  transparencyLog: TransparencyLog;
}

export function migrationSourcesFor(modules: ModuleManifest[]): MigrationSource[] {
  return [...kernelMigrationSources, ...modules.flatMap((m) => (m.migrations ? [m.migrations] : []))];
}

export function catalogSourcesFor(modules: ModuleManifest[]): CatalogSource[] {
  return [...kernelCatalogSources, ...modules.flatMap((m) => (m.messages ? [m.messages] : []))];
}

export interface CreateKernelOptions {
  config: NaraConfig;
  database: DatabaseHandle;
  modules: ModuleManifest[];
  clock?: Clock;
  logger?: Logger;
  /** Default: SMTP when configured, else the development file mailer. Tests pass a MemoryMailer. */
  emailSender?: EmailSender;
}

export function createKernel(options: CreateKernelOptions): Kernel {
  const { config, database } = options;
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'nara' });
  const clock = options.clock ?? systemClock;
  const i18n = createI18n(loadCatalogs(catalogSourcesFor(options.modules)));
  const identity = createIdentity({ db: database.db, config, clock, logger });
  const jobs = createJobs({ db: database.db, clock, logger });
  const notifications = createNotifications({
    db: database.db,
    clock,
    logger,
    i18n,
    jobs,
    emailSender: options.emailSender ?? createEmailSender(config),
    findRecipient: async (personId) => {
      const person = await identity.getPerson(personId);
      return person && { email: person.email, locale: person.locale };
    },
    publicUrl: config.publicUrl,
  });
  const transparencyLog = createTransparencyLog({ db: database.db, clock, logger, secretKey: config.secretKey, publicUrl: config.publicUrl, demo: config.demo && config.env !== 'test' });
  // Every signature made is recorded in the transparency log before it is handed out.
  const pki = createPki({ db: database.db, config, clock, logger, identity, recorder: { record: (event) => transparencyLog.append(event) }, logInTx: (tx, event) => transparencyLog.appendInTx(tx, event) });
  return { config, database, db: database.db, logger, clock, i18n, identity, jobs, notifications, pki, transparencyLog };
}
