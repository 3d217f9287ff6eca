/**
 * `nara verify receipt <file>`: a receipt (entry, index, signed checkpoint, inclusion proof; see
 * kernel/trust/tlog/receipt.ts) checked fully offline with nothing but the log's verifier key.
 */
import fs from 'node:fs';
import { isTlogError } from '../kernel/trust/tlog/errors.js';
import { parseVerifierKey, type NoteVerifier } from '../kernel/trust/tlog/note.js';
import { verifyReceipt, type VerifiedReceipt } from '../kernel/trust/tlog/receipt.js';
import { encodeBase64 } from '../kernel/trust/tlog/encoding.js';
import { VerifyFailure } from './verify.errors.js';

/** Where `nara verify` writes its report, one line at a time. */
export type Printer = (line: string) => void;

/** The log key as `<name>+<hex id>+<base64>`, the text a log publishes (Nara: /.well-known/nara/log-key). */
export function parseLogKey(text: string): NoteVerifier {
  try {
    return parseVerifierKey(text.trim());
  } catch (error) {
    if (!isTlogError(error)) throw error;
    throw new VerifyFailure('usage', `The --log-key is not a verifier key (${error.message}) It looks like name+1a2b3c4d+AaBb...=`);
  }
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new VerifyFailure('usage', `Cannot read the ${what} ${file}: ${(error as Error).message}.`);
  }
  return parseJson(text, `The ${what} ${file}`);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VerifyFailure('usage', `${what} is not JSON.`);
  }
}

/** Verifies a parsed receipt, with failures in words: which check failed and what it means. */
export function checkReceipt(receipt: unknown, logKey: string): VerifiedReceipt {
  const verifier = parseLogKey(logKey);
  try {
    return verifyReceipt(receipt, verifier);
  } catch (error) {
    if (!isTlogError(error)) throw error;
    switch (error.code) {
      case 'unknown_key':
        throw new VerifyFailure('untrusted', 'The receipt’s checkpoint is not signed by this log key: the receipt is from another log, or forged.');
      case 'bad_signature':
        throw new VerifyFailure('untrusted', 'The receipt’s checkpoint signature does not verify: the checkpoint was altered after the log signed it.');
      case 'proof_mismatch':
        throw new VerifyFailure('failed', `The receipt does not prove its entry is in the log: ${error.message} The entry, index or proof was altered.`);
      default:
        throw new VerifyFailure('usage', `The receipt is malformed: ${error.message}`);
    }
  }
}

/** What a verified receipt shows, for people: the log, the position, and the entry's type when it is a JSON event. */
export function describeReceipt(verified: VerifiedReceipt): string[] {
  const { checkpoint, index, entry } = verified;
  const lines = [
    `  log "${checkpoint.origin}" at ${checkpoint.size} entries, root ${encodeBase64(checkpoint.rootHash)}`,
    `  entry ${index} is in it (leaf hash ${Buffer.from(verified.leafHash).toString('hex')})`,
  ];
  const event = entryAsEvent(entry);
  if (event) lines.push(`  entry type ${event.type}${event.at ? `, at ${event.at}` : ''}${event.agency ? `, by ${event.agency}` : ''}`);
  else lines.push(`  entry is ${entry.length} bytes that are not a typed JSON event`);
  return lines;
}

function entryAsEvent(entry: Uint8Array): { type: string; at?: string; agency?: string } | undefined {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry)) as Record<string, unknown>;
    if (typeof value?.type !== 'string') return undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { type: value.type, at: text(value.at), agency: text(value.agency) };
  } catch {
    return undefined;
  }
}

export function verifyReceiptFile(file: string, logKey: string, print: Printer): void {
  const verified = checkReceipt(readJsonFile(file, 'receipt'), logKey);
  print(`Receipt ${file}`);
  for (const line of describeReceipt(verified)) print(line);
}
