/**
 * Exit codes of `nara verify` and the one error type its checks throw. Each failure class has its
 * own code so scripts and monitors can tell a forged checkpoint from a network hiccup. Shipped
 * codes are never renumbered.
 */
import { isTlogError, type TlogError } from '../kernel/trust/tlog/errors.js';

export const exitCodes = {
  /** Everything asked for was verified. */
  ok: 0,
  /** The data does not match what was signed or logged: bad proof, tampered or reordered entry, altered PDF. */
  failed: 1,
  /** Wrong arguments, or a file that cannot be read or parsed. */
  usage: 2,
  /** Not signed by a key you trust: forged checkpoint, unknown log key, or a chain to no --trust root. */
  untrusted: 3,
  /** The log is smaller than a checkpoint already seen: it was rolled back. */
  rolledBack: 4,
  /** The log does not extend the checkpoint already seen (a fork: another history, or another log). */
  forked: 5,
  /** A certificate was revoked before the signature was made. */
  revoked: 6,
  /** The log or a CRL could not be fetched (network error, HTTP error status). */
  unreachable: 7,
} as const;

export type ExitClass = keyof typeof exitCodes;

/** A check that did not pass, with the exit class it maps to and a message a person can act on. */
export class VerifyFailure extends Error {
  constructor(
    readonly exitClass: ExitClass,
    message: string,
  ) {
    super(message);
    this.name = 'VerifyFailure';
  }

  get exitCode(): number {
    return exitCodes[this.exitClass];
  }
}

const TLOG_CLASSES: Record<TlogError['code'], ExitClass> = {
  malformed: 'usage',
  unknown_key: 'untrusted',
  bad_signature: 'untrusted',
  proof_mismatch: 'failed',
  rolled_back: 'rolledBack',
  origin_mismatch: 'forked',
};

/** Maps a core transparency-log error to a verify failure, with `context` in front of its message. */
export function fromTlogError(error: unknown, context: string, malformedAs: ExitClass = 'usage'): VerifyFailure {
  if (error instanceof VerifyFailure) return error;
  if (!isTlogError(error)) throw error;
  const exitClass = error.code === 'malformed' ? malformedAs : TLOG_CLASSES[error.code];
  return new VerifyFailure(exitClass, `${context}: ${error.message}`);
}

/**
 * Runs `check`, turning a core transparency-log error into a `VerifyFailure`. Malformed input is a
 * usage error when the person gave it, and a failed check (`malformedAs: 'failed'`) when a server did.
 */
export async function withContext<T>(context: string, check: () => T | Promise<T>, malformedAs: ExitClass = 'usage'): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw fromTlogError(error, context, malformedAs);
  }
}
