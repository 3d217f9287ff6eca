import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Nara reads from the environment, with its default. The README's
 * configuration table is generated from the same descriptions, so the two agree.
 */
export const configDescriptions = {
  PORT: 'HTTP port to listen on (default 3000).',
  HOST: 'Interface to bind (default 127.0.0.1; use 0.0.0.0 behind a proxy).',
  DATABASE_URL: 'PostgreSQL connection URL. Absent: the embedded database in NARA_DATA_DIR.',
  NARA_DATA_DIR: 'Folder for the embedded database, keys and outbound mail files (default ./data).',
  NARA_ENV: '"development" (default), "test" or "production". Production refuses unsafe defaults.',
  NARA_PUBLIC_URL: 'Public base URL used in links, passkey origin and cookies (default http://localhost:PORT).',
  NARA_SECRET_KEY: 'Base64 32-byte master secret for identifier encryption, hashing and pseudonyms. Required in production.',
  NARA_DEMO: '"1" to enable demo personas and demo data helpers (default on outside production).',
  NARA_SMTP_URL: 'smtp://user:pass@host:port for outbound email. Absent: the development file mailer writes to NARA_DATA_DIR/outbox.',
  NARA_LOG_LEVEL: 'debug, info (default), warn, error or silent.',
  NARA_JOB_WORKERS: 'Concurrent job workers in this process (default 1; 0 disables the worker).',
  NARA_SHARING_REMOTE_PROVIDERS: 'Information sharing: provider agencies whose registries another Nara node serves, as CODE=URL pairs separated by commas (e.g. MOJ=https://nara.moj.example). Absent: every registry is read on this node.',
  NARA_SHARING_PROVIDER_TIMEOUT_MS: 'Information sharing: how long one provider may take before a lookup shows it as not answering (default 2000).',
  NARA_SHARING_PEER_ROOTS: 'Information sharing: a PEM file with the root CA certificates of the other nodes whose signed node messages this node accepts (re-read within a minute of a change).',
} as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  NARA_DATA_DIR: z.string().default('./data'),
  NARA_ENV: z.enum(['development', 'test', 'production']).default('development'),
  NARA_PUBLIC_URL: z.string().url().optional(),
  NARA_SECRET_KEY: z.string().optional(),
  NARA_DEMO: z.enum(['0', '1']).optional(),
  NARA_SMTP_URL: z.string().url().optional(),
  NARA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  NARA_JOB_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  NARA_SHARING_REMOTE_PROVIDERS: z.string().optional(),
  NARA_SHARING_PEER_ROOTS: z.string().min(1).optional(),
  NARA_SHARING_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).optional(),
});

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface NaraConfig {
  port: number;
  host: string;
  env: Environment;
  /** Absent means the embedded PGlite database in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** 32 bytes; the root from which the identity and session keys are derived. */
  secretKey: Buffer;
  demo: boolean;
  smtpUrl?: string | undefined;
  logLevel: LogLevel;
  jobWorkers: number;
  /** Provider agency code -> base URL of the Nara node (or agency system) that serves its registry. */
  sharingRemoteProviders?: Record<string, string> | undefined;
  /** Path of a PEM file with the root certificates of peer nodes. */
  sharingPeerRootsFile?: string | undefined;
  /** Milliseconds one provider may take in a lookup. */
  sharingProviderTimeoutMs?: number | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Nara cannot start: the configuration is not valid.\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** A development secret derived from the data folder, so a trial install is stable across restarts. */
function developmentSecret(dataDir: string): Buffer {
  return createHash('sha256').update(`nara-development-secret:${path.resolve(dataDir)}`).digest();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): NaraConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  let secretKey: Buffer;
  if (e.NARA_SECRET_KEY) {
    secretKey = Buffer.from(e.NARA_SECRET_KEY, 'base64');
    if (secretKey.length !== 32) problems.push('NARA_SECRET_KEY must be 32 bytes encoded in base64 (try: openssl rand -base64 32).');
  } else {
    if (e.NARA_ENV === 'production') problems.push('NARA_SECRET_KEY is required in production (try: openssl rand -base64 32).');
    secretKey = developmentSecret(e.NARA_DATA_DIR);
  }
  const demo = e.NARA_DEMO ? e.NARA_DEMO === '1' : e.NARA_ENV !== 'production';
  if (e.NARA_ENV === 'production' && !e.DATABASE_URL) {
    problems.push('DATABASE_URL is required in production: the embedded database is for a trial or a single small office.');
  }
  if (e.NARA_ENV === 'production' && demo) problems.push('NARA_DEMO=1 is not allowed in production.');
  const remoteProviders = parseRemoteProviders(e.NARA_SHARING_REMOTE_PROVIDERS, e.NARA_ENV, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = (e.NARA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    env: e.NARA_ENV,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.NARA_DATA_DIR),
    publicUrl,
    secretKey,
    demo,
    smtpUrl: e.NARA_SMTP_URL,
    logLevel: e.NARA_LOG_LEVEL,
    jobWorkers: e.NARA_JOB_WORKERS,
    ...(remoteProviders ? { sharingRemoteProviders: remoteProviders } : {}),
    ...(e.NARA_SHARING_PEER_ROOTS ? { sharingPeerRootsFile: path.resolve(e.NARA_SHARING_PEER_ROOTS) } : {}),
    ...(e.NARA_SHARING_PROVIDER_TIMEOUT_MS !== undefined ? { sharingProviderTimeoutMs: e.NARA_SHARING_PROVIDER_TIMEOUT_MS } : {}),
  };
}

/** `MOJ=https://a.example,NTS=https://b.example` -> { MOJ: 'https://a.example', ... }; problems are collected, not thrown. */
function parseRemoteProviders(value: string | undefined, env: Environment, problems: string[]): Record<string, string> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [code, url] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
    let parsed: URL | undefined;
    try {
      parsed = pair.includes('=') ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(code) || !parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      problems.push(`NARA_SHARING_REMOTE_PROVIDERS: "${pair}" is not AGENCY-CODE=http(s)://node.`);
    } else if (env === 'production' && parsed.protocol !== 'https:') {
      problems.push(`NARA_SHARING_REMOTE_PROVIDERS: ${code} must be reached over https in production.`);
    } else {
      out[code] = url.replace(/\/$/, '');
    }
  }
  return out;
}
