import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./c2sp-tlog-client/', import.meta.url));
/** Debian's golang-golang-x-mod-dev puts golang.org/x/mod here; .ci/run installs it. */
const GOPATH = process.env.NARA_TEST_GOPATH ?? '/usr/share/gocode';

/**
 * Builds the Go C2SP client (golang.org/x/mod/sumdb/tlog + note) and returns a function that
 * runs it. Fails with what to install when Go or x/mod is missing.
 */
export function buildC2spClient(): (args: string[]) => Promise<{ status: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-c2sp-'));
  const binary = path.join(dir, 'c2sp-tlog-client');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: path.join(os.tmpdir(), 'nara-go-cache'), GOFLAGS: '' };
  try {
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: source, env, stdio: 'pipe' });
  } catch (error) {
    const detail = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new Error(`Could not build the Go C2SP client (install the Debian packages golang-go and golang-golang-x-mod-dev; .ci/run does): ${detail}`, { cause: error });
  }
  // Asynchronous: the log it reads is usually served by this same process.
  return (args) =>
    new Promise((resolve) => {
      execFile(binary, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ status, output: `${stdout}${stderr}`.trim() });
      });
    });
}
