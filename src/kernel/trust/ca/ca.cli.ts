import { parseArgs } from 'node:util';
import { DomainError } from '../../http/errors.js';
import type { Kernel } from '../../kernel.js';
import { revocationReasons } from '../pki/revocation.crl.js';
import { isRevocationReason, type CertificateSummary } from './ca.service.js';

export const pkiUsage = `Usage: nara pki <command> [options]

Commands:
  init                                   Create the platform root and a CA for every agency
  issue --person <id> --agency <orgId>   Issue an official's signing certificate
  issue --person <id> --business <orgId> Issue a business member's signing certificate
  issue --system <orgId> --dns <name>... Issue an agency system's TLS certificate (--dns repeatable)
  renew <serial>                         Issue a replacement with a new key; the old one is superseded
  revoke <serial> --reason <reason>      Revoke (reasons: ${Object.keys(revocationReasons).join(', ')})
  status <serial>                        Print good or revoked
  crl <caId> [--pem] > file.crl          Write the CA's current CRL (DER, or PEM with --pem)`;

export interface PkiCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  writeBytes: (bytes: Uint8Array) => void;
}

const defaultIo: PkiCliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  writeBytes: (bytes) => process.stdout.write(bytes),
};

const describe = (c: CertificateSummary) =>
  `Certificate ${c.serial} (${c.kind}) for ${c.subject}, valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}, CA ${c.caId}.`;

class UsageError extends Error {}

async function run(kernel: Kernel, command: string, args: string[], io: PkiCliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      person: { type: 'string' },
      agency: { type: 'string' },
      business: { type: 'string' },
      system: { type: 'string' },
      dns: { type: 'string', multiple: true },
      reason: { type: 'string' },
      pem: { type: 'boolean' },
    },
  });
  const pki = kernel.pki;
  const serial = () => positionals[0] ?? fail(`nara pki ${command} needs a serial number.`);
  switch (command) {
    case 'init': {
      const root = await pki.ensurePlatformRoot();
      io.out(`Platform root CA: ${root.id}`);
      for (const org of await kernel.identity.listOrganisations()) {
        if (org.kind === 'business') continue;
        io.out(`Agency CA for ${org.name_en}: ${(await pki.ensureAgencyCa(org.id)).id}`);
      }
      io.out(`Business CA: ${(await pki.ensureBusinessCa()).id}`);
      return;
    }
    case 'issue': {
      if (values.system) return io.out(describe(await pki.issueSystemCertificate(values.system, values.dns ?? [])));
      if (!values.person) fail('Say who the certificate is for: --person <id> with --agency or --business, or --system <orgId> --dns <name>.');
      if (values.agency) return io.out(describe(await pki.issueOfficialCertificate(values.person, values.agency)));
      if (values.business) return io.out(describe(await pki.issueBusinessCertificate(values.person, values.business)));
      return fail('Add --agency <orgId> (an official) or --business <orgId> (a business member).');
    }
    case 'renew':
      return io.out(`Renewed: ${describe(await pki.renewCertificate(serial()))}`);
    case 'revoke': {
      const s = serial();
      if (!isRevocationReason(values.reason)) fail(`Give --reason, one of: ${Object.keys(revocationReasons).join(', ')}.`);
      const revoked = await pki.revokeCertificate(s, values.reason);
      return io.out(`Revoked certificate ${revoked.serial} at ${revoked.revokedAt!.toISOString()} (${values.reason}); CRL of ${revoked.caId} updated.`);
    }
    case 'status': {
      const status = await pki.certificateStatus(serial());
      return io.out(status.status === 'good' ? `${status.serial}: good` : `${status.serial}: revoked at ${status.revokedAt.toISOString()} (${status.reason})`);
    }
    case 'crl': {
      const caId = positionals[0] ?? fail('nara pki crl needs a CA id (see nara pki init).');
      const der = await pki.crlDer(caId);
      if (!values.pem) return io.writeBytes(der);
      const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
      return io.out(`-----BEGIN X509 CRL-----\n${b64}-----END X509 CRL-----`);
    }
    default:
      fail(`Unknown pki command "${command}".`);
  }
}

function fail(message: string): never {
  throw new UsageError(message);
}

/**
 * `nara pki ...`: exit 0 done, 1 refused (unknown serial, not an official, already revoked...),
 * 2 wrong usage. `open` gives a migrated kernel and closes it.
 */
export async function runPkiCli(
  args: string[],
  open: () => Promise<{ kernel: Kernel; close(): Promise<void> }>,
  io: PkiCliIo = defaultIo,
): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === 'help' || command === '--help') {
    io.out(pkiUsage);
    return command ? 0 : 2;
  }
  const nara = await open();
  try {
    await run(nara.kernel, command, rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${pkiUsage}`);
      return 2;
    }
    if (error instanceof DomainError && error.status < 500) {
      const fields = (error.extra.fields ?? []).map((f) => ` ${f.message}`).join('');
      io.err(`Refused (${error.code}): ${error.message}${fields}`);
      return 1;
    }
    throw error;
  } finally {
    await nara.close();
  }
}
