import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/kernel/db/database.js';
import { createTestDatabase } from '../support/database.js';

export { createTestDatabase };

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixtures = path.join(import.meta.dirname, 'fixtures');

export function tempDir(prefix = 'nara-db-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A fresh database that survives close and reopen: an embedded one in a temp folder on the
 * PGlite pass, a new PostgreSQL database on the PostgreSQL pass.
 */
export async function openFreshDatabase(): Promise<{ handle: DatabaseHandle; reopen(): Promise<DatabaseHandle>; dispose(): Promise<void> }> {
  if (process.env.NARA_TEST_POSTGRES_URL) {
    const handle = await createTestDatabase();
    // The PostgreSQL database lives until dispose(); "reopen" is just the same connection pool.
    return { handle, reopen: async () => handle, dispose: () => handle.close() };
  }
  const dataDir = tempDir();
  const first = await openDatabase({ dataDir });
  let current = first;
  return {
    handle: first,
    reopen: async () => {
      await current.close();
      current = await openDatabase({ dataDir });
      return current;
    },
    dispose: async () => {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Environment for a child Nara process: quiet, embedded, no demo data. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NARA_LOG_LEVEL: 'silent', NARA_DEMO: '0', NARA_ENV: 'test', ...extra };
  delete env.DATABASE_URL;
  delete env.NODE_TEST_CONTEXT; // a child node process is not a test runner child
  return env;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a child process to the end and collects its output. */
export function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
