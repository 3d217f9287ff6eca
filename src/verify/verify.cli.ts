/**
 * `nara verify`: an offline verifier that needs nothing of Nara but the files (or the log's URL)
 * and the log's key. It uses only the pure trust code (tlog, pki, signing), never the database or
 * the HTTP app, so it runs on any machine with Node.
 */
import { parseArgs } from 'node:util';
import { exitCodes, VerifyFailure } from './verify.errors.js';
import { verifyLog } from './verify.log.js';
import { verifyPdf } from './verify.pdf.js';
import { verifyReceiptFile, type Printer } from './verify.receipt.js';
import { defaultStatePath } from './verify.state.js';

export const verifyUsage = `Usage:
  nara verify receipt <receipt.json> --log-key <vkey>
  nara verify log <url> --log-key <vkey> [--state <file>] [--entries]
  nara verify pdf <file.pdf> [--trust <root.pem>]... [--crl <file|url>]... [--log-key <vkey>]

  receipt  Check a transparency-log receipt offline: the checkpoint is signed by the log key
           and the inclusion proof leads from the entry to its root.
  log      Check a C2SP tlog-tiles log at <url> (reads <url>/checkpoint and <url>/tile/...):
           the checkpoint is signed by the log key, the tiles recompute to its root, and it
           extends the last checkpoint this machine accepted, which is then saved.
           --entries also re-hashes every entry bundle against the tiles (reads the whole log).
           --state defaults to $XDG_CONFIG_HOME/nara/verify-<key hash>.json
           (~/.config/nara/... without XDG_CONFIG_HOME): one file per log key.
  pdf      Check a PAdES signature, its chain to the --trust roots (without --trust, say so),
           revocation at the signing time from the --crl files or URLs, and the log receipt the
           PDF carries as the attachment nara-receipt.json (needs --log-key).

  <vkey> is the log's verifier key, name+hexid+base64 (Nara publishes it at /.well-known/nara/log-key).

Exit codes:
  ${exitCodes.ok}  verified
  ${exitCodes.failed}  verification failed: the data does not match what was signed or logged
     (bad proof, tampered or reordered entry, PDF changed after signing, invalid chain)
  ${exitCodes.usage}  usage error, or a file that cannot be read or parsed
  ${exitCodes.untrusted}  not signed by a key you trust: forged checkpoint, wrong log key, or a
     chain that does not lead to a --trust root
  ${exitCodes.rolledBack}  rolled-back log: smaller than a checkpoint already seen
  ${exitCodes.forked}  forked log: does not extend the checkpoint already seen
  ${exitCodes.revoked}  a certificate was revoked before the signature was made
  ${exitCodes.unreachable}  the log or a CRL could not be fetched`;

export interface VerifyIo {
  out: Printer;
  err: Printer;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

const defaultIo: VerifyIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

const OPTIONS = {
  'log-key': { type: 'string' },
  state: { type: 'string' },
  entries: { type: 'boolean' },
  trust: { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `nara verify <argv>` and returns the exit code; reports go to `io`. */
export async function runVerify(argv: readonly string[], io: VerifyIo = defaultIo): Promise<number> {
  try {
    if (await dispatch(argv, io)) io.out('OK');
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof VerifyFailure)) throw error;
    io.err(`FAILED: ${error.message}`);
    if (error.exitClass === 'usage') io.err('Run "nara verify --help" for usage.');
    return error.exitCode;
  }
}

/** Runs the asked check; false when only the help was shown. */
async function dispatch(argv: readonly string[], io: VerifyIo): Promise<boolean> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new VerifyFailure('usage', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') {
    io.out(verifyUsage);
    return false;
  }
  // The short form `nara verify receipt.json` is a receipt; `nara verify file.pdf` a PDF.
  const [command, target, ...extra] = /\.(json|pdf)$/i.test(positionals[0]!)
    ? [positionals[0]!.toLowerCase().endsWith('.pdf') ? 'pdf' : 'receipt', ...positionals]
    : positionals;
  if (!target) throw new VerifyFailure('usage', `"nara verify ${command}" needs a ${command === 'log' ? 'URL' : 'file'}.`);
  if (extra.length > 0) throw new VerifyFailure('usage', `Unexpected argument "${extra[0]}".`);
  const logKey = values['log-key'];
  const needKey = () => {
    if (!logKey) throw new VerifyFailure('usage', `"nara verify ${command}" needs the log's key: --log-key <name+id+key>.`);
    return logKey;
  };
  switch (command) {
    case 'receipt':
      verifyReceiptFile(target, needKey(), io.out);
      return true;
    case 'log': {
      const stateFile = values.state ?? defaultStatePath(needKey(), io.env);
      await verifyLog({ url: target, logKey: needKey(), stateFile, checkEntries: values.entries ?? false }, io.out);
      return true;
    }
    case 'pdf':
      await verifyPdf({ file: target, trust: values.trust ?? [], crl: values.crl ?? [], logKey, now: io.now?.() ?? new Date() }, io.out);
      return true;
    default:
      throw new VerifyFailure('usage', `Unknown verify command "${command}": use receipt, log or pdf.`);
  }
}
