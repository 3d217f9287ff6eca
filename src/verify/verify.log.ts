/**
 * `nara verify log <url>`: a monitor for any C2SP tlog-tiles log. It checks the served checkpoint
 * is signed by the log key, that the tiles recompute to its root, that it extends the last
 * checkpoint this machine accepted (kept in a state file), and optionally every entry bundle.
 * Only then is the new checkpoint saved.
 */
import { type Checkpoint, openCheckpoint } from '../kernel/trust/tlog/checkpoint.js';
import { bytesEqual, encodeBase64 } from '../kernel/trust/tlog/encoding.js';
import { isTlogError } from '../kernel/trust/tlog/errors.js';
import { decodeNoteBytes, type NoteVerifier } from '../kernel/trust/tlog/note.js';
import { verifyConsistency } from '../kernel/trust/tlog/receipt.js';
import { auditTiles, consistencyProofFromTiles, treeHashFromTiles } from '../kernel/trust/tlog/tile-hashes.js';
import { checkAllEntryBundles } from './verify.entries.js';
import { VerifyFailure, withContext } from './verify.errors.js';
import { HttpTileLog } from './verify.fetch.js';
import { parseLogKey, type Printer } from './verify.receipt.js';
import { loadState, saveState, type VerifyState } from './verify.state.js';

export interface LogCheckOptions {
  url: string;
  logKey: string;
  stateFile: string;
  /** Re-hash every entry bundle against the level-0 tiles (reads the whole log). */
  checkEntries: boolean;
}

const keyLabel = (v: NoteVerifier) => `${v.name}+${v.keyId.toString(16).padStart(8, '0')}`;

export async function verifyLog(options: LogCheckOptions, print: Printer): Promise<void> {
  const verifier = parseLogKey(options.logKey);
  const log = new HttpTileLog(options.url);
  const checkpointUrl = log.url('checkpoint');
  const note = await withContext(`The checkpoint at ${checkpointUrl}`, async () => decodeNoteBytes(await log.readCheckpoint()), 'failed');
  const checkpoint = openServedCheckpoint(note, verifier, checkpointUrl);
  print(`Checkpoint from ${checkpointUrl}`);
  print(`  signed by the log key ${keyLabel(verifier)}: origin "${checkpoint.origin}", ${checkpoint.size} entries, root ${encodeBase64(checkpoint.rootHash)}`);

  const previous = loadPrevious(options.stateFile, options.logKey, verifier);
  if (previous) checkNotRolledBack(previous.checkpoint, checkpoint, previous.state);

  const root = await withContext(
    `The tiles at ${options.url}`,
    () => (options.checkEntries ? auditTiles(checkpoint.size, log) : treeHashFromTiles(checkpoint.size, log)),
    'failed',
  );
  if (!bytesEqual(root, checkpoint.rootHash)) {
    throw new VerifyFailure('failed', `The tiles at ${options.url} do not recompute to the signed root hash: a tile was altered, or the server serves another tree.`);
  }
  print(options.checkEntries ? '  every tile is consistent and recomputes to the signed root' : '  the tiles recompute to the signed root');

  if (previous) {
    await checkExtends(previous.checkpoint, checkpoint, log, previous.state);
    print(`  consistent with the checkpoint seen ${previous.state.savedAt} (${previous.checkpoint.size} entries): the log only grew`);
  } else {
    print('  first check of this log: this checkpoint is the one later runs must extend');
  }
  if (options.checkEntries) {
    const count = await withContext(`The entry bundles at ${options.url}`, () => checkAllEntryBundles(log, checkpoint.size), 'failed');
    print(`  all ${count} entries match the leaf hashes the log signed`);
  }
  saveState(options.stateFile, { logKey: options.logKey, checkpoint: note, url: options.url, savedAt: new Date().toISOString() });
  print(`  saved to ${options.stateFile}`);
}

function openServedCheckpoint(note: string, verifier: NoteVerifier, url: string): Checkpoint {
  try {
    return openCheckpoint(note, [verifier]).checkpoint;
  } catch (error) {
    if (isTlogError(error, 'unknown_key')) {
      throw new VerifyFailure('untrusted', `Forged or foreign checkpoint: ${url} carries no signature by the log key ${keyLabel(verifier)}. ` +
        'Someone may be serving a checkpoint the log never signed, or you were given the wrong key.');
    }
    if (isTlogError(error, 'bad_signature')) {
      throw new VerifyFailure('untrusted', `Forged checkpoint: the signature by the log key ${keyLabel(verifier)} on ${url} does not verify. The checkpoint was altered after it was signed.`);
    }
    if (isTlogError(error)) throw new VerifyFailure('failed', `The log served a malformed checkpoint at ${url}: ${error.message}`);
    throw error;
  }
}

function loadPrevious(file: string, logKey: string, verifier: NoteVerifier): { state: VerifyState; checkpoint: Checkpoint } | undefined {
  const state = loadState(file);
  if (!state) return undefined;
  if (state.logKey !== logKey) {
    throw new VerifyFailure('usage', `The state file ${file} is for the log key ${state.logKey}, not this one. Use another --state file.`);
  }
  try {
    return { state, checkpoint: openCheckpoint(state.checkpoint, [verifier]).checkpoint };
  } catch (error) {
    if (!isTlogError(error)) throw error;
    throw new VerifyFailure('usage', `The checkpoint saved in ${file} does not verify (${error.message}). The file was damaged or edited; move it away to start over.`);
  }
}

function checkNotRolledBack(older: Checkpoint, newer: Checkpoint, state: VerifyState): void {
  if (newer.size < older.size) {
    throw new VerifyFailure('rolledBack', `Rolled-back log: it now shows ${newer.size} entries, but on ${state.savedAt} it showed ${older.size} (from ${state.url}). ` +
      'A transparency log never shrinks: entries were removed, or you are being shown an old view.');
  }
}

async function checkExtends(older: Checkpoint, newer: Checkpoint, log: HttpTileLog, state: VerifyState): Promise<void> {
  const proof = await withContext('The consistency proof', () => consistencyProofFromTiles(older.size, newer.size, log), 'failed');
  try {
    verifyConsistency(older, newer, proof);
  } catch (error) {
    if (!isTlogError(error)) throw error;
    const what = older.size === newer.size
      ? `two different roots signed for the same ${newer.size} entries`
      : `the log at ${newer.size} entries does not contain the ${older.size} entries seen on ${state.savedAt}`;
    throw new VerifyFailure('forked', `Forked log: ${what}. The log key signed two histories; keep the state file as evidence. (${error.message})`);
  }
}
