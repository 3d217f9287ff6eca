import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type NaraConfig } from '../config/config.js';
import { embeddedDatabasePath, openDatabase, pingDatabase, type DatabaseHandle } from '../db/database.js';
import { DataFolderLockedError } from '../db/lock-file.js';
import { MigrationError, pendingMigrations } from '../db/migrator.js';
import { migrationSourcesFor } from '../kernel.js';
import type { ModuleManifest } from '../module.js';
import { trustKeysCheck } from '../trust/ca/ca.doctor.js';

/**
 * `ok`: fine. `warn`: works, but read this before production. `problem`: Nara will not run (well).
 * `skipped`: could not be checked because of a problem reported above it.
 */
export type CheckStatus = 'ok' | 'warn' | 'problem' | 'skipped';

export interface CheckResult {
  status: CheckStatus;
  /** One plain sentence: what was found. */
  message: string;
  /** What to do about it, for `warn` and `problem`. */
  fix?: string;
}

/** What every check can see. Earlier checks fill in `config` and `database` for later ones. */
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  modules: ModuleManifest[];
  nodeVersion: string;
  config?: NaraConfig;
  database?: DatabaseHandle;
}

export interface DoctorCheck {
  name: string;
  run(ctx: DoctorContext): Promise<CheckResult> | CheckResult;
}

const ok = (message: string): CheckResult => ({ status: 'ok', message });
const warn = (message: string, fix: string): CheckResult => ({ status: 'warn', message, fix });
const problem = (message: string, fix: string): CheckResult => ({ status: 'problem', message, fix });
const skipped = (why: string): CheckResult => ({ status: 'skipped', message: `Not checked until ${why}.` });

/** The oldest Node.js major release line Nara supports. */
export const MIN_NODE_MAJOR = 24;

const DATABASE_TIMEOUT_MS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} seconds`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const nodeVersionCheck: DoctorCheck = {
  name: 'Node.js',
  run({ nodeVersion }) {
    const major = Number.parseInt(nodeVersion.replace(/^v/, ''), 10);
    if (major < MIN_NODE_MAJOR) {
      return problem(`Node.js ${nodeVersion} is too old.`, `Run Nara through npm (npm start, npm run nara) so it uses the pinned Node ${MIN_NODE_MAJOR}.`);
    }
    if (major % 2 === 1) {
      return warn(`Node.js ${nodeVersion} is not a long-term-support release.`, `Use Node ${MIN_NODE_MAJOR} (npm scripts do).`);
    }
    return ok(`Node.js ${nodeVersion} is a supported LTS release.`);
  },
};

export const configCheck: DoctorCheck = {
  name: 'Configuration',
  run(ctx) {
    try {
      ctx.config = loadConfig(ctx.env);
      return ok(`The configuration is valid (NARA_ENV=${ctx.config.env}).`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return problem(`The configuration is not valid: ${error.problems.map((p) => p.replace(/\.?$/, '.')).join(' ')}`, 'Fix these environment variables (see the README table).');
    }
  },
};

/** The nearest folder that exists, to test whether the data folder could be created. */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

export const dataFolderCheck: DoctorCheck = {
  name: 'Data folder',
  run({ config }) {
    if (!config) return skipped('the configuration is valid');
    const dir = config.dataDir;
    const existing = nearestExisting(dir);
    try {
      fs.accessSync(existing, fs.constants.W_OK);
    } catch {
      return problem(`The data folder ${dir} is not writable.`, 'Give the user running Nara write access, or set NARA_DATA_DIR to another folder.');
    }
    return ok(existing === dir ? `The data folder ${dir} is writable.` : `The data folder ${dir} will be created on first start.`);
  },
};

export const databaseCheck: DoctorCheck = {
  name: 'Database',
  async run(ctx) {
    const { config } = ctx;
    if (!config) return skipped('the configuration is valid');
    if (!config.databaseUrl && !fs.existsSync(embeddedDatabasePath(config.dataDir))) {
      return ok(`The embedded database in ${config.dataDir} does not exist yet; npm start or nara migrate creates it.`);
    }
    let handle: DatabaseHandle | undefined;
    try {
      handle = await withTimeout(openDatabase(config), DATABASE_TIMEOUT_MS, 'The database');
      await withTimeout(pingDatabase(handle.db), DATABASE_TIMEOUT_MS, 'The database');
      ctx.database = handle;
      return ok(`The database answers: ${handle.describe}.`);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      if (error instanceof DataFolderLockedError) {
        return problem(
          `The embedded database in ${config.dataDir} is in use by another process (pid ${error.holderPid}).`,
          'If that is your running Nara, stop it before running the doctor; otherwise stop that process. Several processes need PostgreSQL (DATABASE_URL).',
        );
      }
      const reason = (error as Error).message;
      if (config.databaseUrl) {
        return problem(`PostgreSQL at DATABASE_URL is not reachable: ${reason}.`, 'Check that the server runs, and the host, port, user, password and database name in DATABASE_URL.');
      }
      return problem(`The embedded database in ${config.dataDir} would not open: ${reason}.`, 'Restore the data folder from a backup, or move it aside to start empty.');
    }
  },
};

export const migrationsCheck: DoctorCheck = {
  name: 'Migrations',
  async run({ config, database, modules }) {
    if (!config) return skipped('the configuration is valid');
    if (!database) {
      if (!config.databaseUrl && !fs.existsSync(embeddedDatabasePath(config.dataDir))) return ok('Every migration will be applied on first start.');
      return skipped('the database opens');
    }
    try {
      const pending = await pendingMigrations(database.db, migrationSourcesFor(modules));
      if (pending.length === 0) return ok('Every migration is applied.');
      const names = pending.map((m) => `${m.owner}/${m.name}`).join(', ');
      return warn(`${pending.length} migration(s) are not applied yet: ${names}.`, 'Run npm run nara -- migrate (npm start also applies them).');
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      return problem(error.message, 'Restore the migration files exactly as they were applied; put changes in a new migration.');
    }
  },
};

export const secretKeyCheck: DoctorCheck = {
  name: 'Secret key',
  run({ config, env }) {
    if (!config) return skipped('the configuration is valid');
    if (env.NARA_SECRET_KEY) return ok('NARA_SECRET_KEY is set.');
    const derived = 'NARA_SECRET_KEY is not set: a development key derived from the data folder path is used.';
    if (config.env === 'development') return ok(derived);
    return warn(derived, 'Set NARA_SECRET_KEY (openssl rand -base64 32) and keep it safe: losing it makes stored identifiers unreadable.');
  },
};

export const mailCheck: DoctorCheck = {
  name: 'Email',
  run({ config }) {
    if (!config) return skipped('the configuration is valid');
    if (config.smtpUrl) return ok(`Email goes out through SMTP at ${new URL(config.smtpUrl).host}.`);
    const message = `No SMTP server: the development file mailer writes emails to ${path.join(config.dataDir, 'outbox')}.`;
    if (config.env === 'production') return warn(message, 'Set NARA_SMTP_URL so people receive their email.');
    return ok(message);
  },
};

export const demoCheck: DoctorCheck = {
  name: 'Demo mode',
  run({ config }) {
    if (!config) return skipped('the configuration is valid');
    return ok(config.demo ? 'Demo mode is on: demo personas can sign in without a passkey.' : 'Demo mode is off.');
  },
};

/**
 * The checks `nara doctor` runs, in order. Later kernel parts add theirs here (the trust kernel:
 * signing keys present, readable and matching their certificates); a check that needs the
 * database reads `ctx.database`, which is undefined when it could not be opened.
 */
export const doctorChecks: DoctorCheck[] = [
  nodeVersionCheck,
  configCheck,
  dataFolderCheck,
  databaseCheck,
  migrationsCheck,
  secretKeyCheck,
  trustKeysCheck,
  mailCheck,
  demoCheck,
];

export interface DoctorOptions {
  modules: ModuleManifest[];
  env?: NodeJS.ProcessEnv;
  checks?: DoctorCheck[];
  nodeVersion?: string;
  print?: (line: string) => void;
}

export interface DoctorReport {
  results: (CheckResult & { name: string })[];
  hasProblem: boolean;
}

const LABELS: Record<CheckStatus, string> = { ok: 'OK     ', warn: 'WARNING', problem: 'PROBLEM', skipped: 'SKIPPED' };

/** Runs every check, prints one line each (and what to do), and never throws for a failed check. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const print = options.print ?? ((line: string) => console.log(line));
  const ctx: DoctorContext = { env: options.env ?? process.env, modules: options.modules, nodeVersion: options.nodeVersion ?? process.version };
  const results: DoctorReport['results'] = [];
  try {
    for (const check of options.checks ?? doctorChecks) {
      let result: CheckResult;
      try {
        result = await check.run(ctx);
      } catch (error) {
        result = problem(`The check failed unexpectedly: ${(error as Error).message}.`, 'Report this with the output above.');
      }
      results.push({ name: check.name, ...result });
      print(`${LABELS[result.status]}  ${check.name}: ${result.message}`);
      if (result.fix) print(`         What to do: ${result.fix}`);
    }
  } finally {
    await ctx.database?.close();
  }
  const hasProblem = results.some((r) => r.status === 'problem');
  const problems = results.filter((r) => r.status === 'problem').length;
  print(hasProblem ? `\n${problems} problem(s) found.` : '\nNo problems found.');
  return { results, hasProblem };
}
