/**
 * The last checkpoint `nara verify log` accepted for a log key, kept so the next run can prove the
 * log only grew. One file per key (not per URL), so checking a log through a mirror is compared
 * with what the log itself showed: a split view between the two shows up as a fork.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VerifyFailure } from './verify.errors.js';

export interface VerifyState {
  /** The verifier key the checkpoint was checked with. */
  logKey: string;
  /** The signed checkpoint note, exactly as fetched. */
  checkpoint: string;
  /** Where it was fetched from (for people reading the file; not used in checks). */
  url: string;
  savedAt: string;
}

/**
 * `$XDG_CONFIG_HOME/nara/verify-<16 hex of SHA-256(log key)>.json`, or `~/.config/nara/...` when
 * XDG_CONFIG_HOME is unset. A per-user file survives changing directory, which a file in the
 * working directory would not, and the key hash keeps different logs apart.
 */
export function defaultStatePath(logKey: string, env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  const hash = createHash('sha256').update(logKey).digest('hex').slice(0, 16);
  return path.join(configHome, 'nara', `verify-${hash}.json`);
}

export function loadState(file: string): VerifyState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VerifyFailure('usage', `Cannot read the state file ${file}: ${(error as Error).message}.`);
  }
  let state: Partial<VerifyState>;
  try {
    state = JSON.parse(text) as Partial<VerifyState>;
  } catch {
    throw new VerifyFailure('usage', `The state file ${file} is not JSON. Move it away to start over (you lose the rollback check).`);
  }
  if (typeof state?.logKey !== 'string' || typeof state.checkpoint !== 'string') {
    throw new VerifyFailure('usage', `The state file ${file} has no logKey and checkpoint. Move it away to start over.`);
  }
  return state as VerifyState;
}

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a state. */
export function saveState(file: string, state: VerifyState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
