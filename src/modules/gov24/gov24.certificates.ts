import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { attachReceipt } from '../../kernel/trust/signing/pdf.receipt-attachment.js';
import { canonicalJson } from '../../kernel/trust/tlog/canonical-json.js';
import * as repo from './gov24.certificates.repository.js';
import { renderCertificatePdf, type CertificateLabels } from './gov24.certificates.pdf.js';
import { fetchConsentedFacts, type FactsSource } from './gov24.ports.js';
import type { CertificateContent, CertificateRow } from './gov24.tables.js';

/**
 * Certificates issued at once from registry data. Issuing fixes the content and logs its hash;
 * the PDF is made once the log has integrated that entry (so its receipt can be attached before
 * the agency seals it), then kept byte for byte. Anyone with the issue number and check code can
 * verify it; the holder can revoke it.
 */

export type CertificateKind = 'resident-abstract' | 'family-relation' | 'tax-payment';

interface KindSpec {
  prefix: string;
  items: readonly string[];
  /** The agency that issues and seals: a registry holder's code, or the city of the holder's address. */
  issuer: 'residence' | string;
  title: { ko: string; en: string };
}

export const CERTIFICATE_KINDS: Record<CertificateKind, KindSpec> = {
  'resident-abstract': { prefix: 'RRA', items: ['resident.name', 'resident.birthDate', 'resident.address'], issuer: 'residence', title: { ko: '주민등록표 초본', en: 'Resident registration abstract' } },
  'family-relation': { prefix: 'FRC', items: ['resident.name', 'resident.birthDate', 'family.children'], issuer: 'MOIS', title: { ko: '가족관계증명서', en: 'Family relation certificate' } },
  'tax-payment': { prefix: 'TPC', items: ['resident.name', 'resident.birthDate', 'tax.paymentStatus'], issuer: 'NTS', title: { ko: '납세증명서', en: 'Tax payment certificate' } },
};
export const CERTIFICATE_KIND_CODES = Object.keys(CERTIFICATE_KINDS) as CertificateKind[];
export const isCertificateKind = (kind: string): kind is CertificateKind => Object.hasOwn(CERTIFICATE_KINDS, kind);

const LABELS: CertificateLabels['facts'] = {
  'resident.address': { ko: '주소', en: 'Address' },
  'family.children': { ko: '자녀 수', en: 'Children' },
  'tax.paymentStatus': { ko: '국세 납부 상태', en: 'National tax' },
};
const VALUES: Record<string, { ko: string; en: string }> = {
  'no-arrears': { ko: '체납액 없음', en: 'No arrears' },
};

/** Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newCheckCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
/** What a person types: any case, with or without the hyphen and spaces. */
export const normaliseCheckCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
export const showCheckCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

const CERTIFICATE_NOT_FOUND = 'certificate_not_found';

/** Keeps the first and last character of each word and hides the rest: 김민준 → 김*준. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => {
      const chars = [...word];
      if (chars.length <= 1) return word;
      if (chars.length === 2) return `${chars[0]}*`;
      return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
    })
    .join(' ');
}

export interface CertificateVerification {
  number: string;
  kind: CertificateKind;
  title: { ko: string; en: string };
  issuer: { nameEn: string; nameKo: string };
  issuedAt: Date;
  holder: string;
  contentSha256: string;
  pdfSha256: string | null;
  status: 'valid' | 'revoked';
  revokedAt: Date | null;
}

export function createCertificateService(kernel: Kernel, deps: { facts: FactsSource }) {
  const { db, clock } = kernel;

  async function issuingAgency(personId: string, spec: KindSpec): Promise<{ id: string; name_en: string; name_ko: string }> {
    const orgs = await kernel.identity.listOrganisations();
    if (spec.issuer === 'residence') {
      const town = (await kernel.identity.getPerson(personId))?.addressTown ?? '';
      const local = orgs.find((o) => o.kind === 'city_district' && (town.includes(o.name_ko) || town.includes(o.name_en)));
      if (local) return local;
      const mois = orgs.find((o) => o.code === 'MOIS' && o.kind !== 'business');
      if (mois) return mois;
    } else {
      const holder = orgs.find((o) => o.code === spec.issuer && o.kind !== 'business');
      if (holder) return holder;
    }
    throw new DomainError('certificate_issuer_missing', 409, 'This deployment has no agency that issues this certificate.');
  }

  async function holderRow(session: SessionContext, id: string): Promise<CertificateRow> {
    const row = await repo.findCertificate(db, id);
    if (!row || row.holder_id !== session.personId) throw notFound('The certificate');
    return row;
  }

  const seal = (agencyId: string, pdf: Uint8Array, reason: string) => kernel.pki.signing.sealPdf(agencyId, pdf, { reason });

  const verifyUrl = (row: Pick<CertificateRow, 'number' | 'check_code'>) =>
    `${kernel.config.publicUrl.replace(/\/$/, '')}/gov24/verify?number=${encodeURIComponent(row.number)}&code=${showCheckCode(row.check_code)}`;

  return {
    listMine: (session: SessionContext) => repo.listCertificatesOf(db, session.personId),
    read: holderRow,
    verifyUrl,

    /** Issues a certificate of `kind` from the registries, for the signed-in person themself. */
    async issue(session: SessionContext, kind: string, language: string): Promise<CertificateRow> {
      if (!isCertificateKind(kind)) throw invalidInput([{ field: 'kind', message: 'Choose a certificate from the list.' }]);
      const spec = CERTIFICATE_KINDS[kind];
      const id = newId('cert');
      const agency = await issuingAgency(session.personId, spec);
      // Asking for the certificate is the consent to read these items for it, and only for it.
      const facts = await fetchConsentedFacts(deps.facts, {
        personId: session.personId, agencyId: agency.id, serviceCode: `certificate.${kind}`, serviceName: spec.title.en, applicationId: id, items: [...spec.items],
      });
      if (!facts['resident.name']) throw new DomainError('certificate_no_record', 409, 'The register holds no record for you, so this certificate cannot be issued online. Ask the issuing agency.');
      if (kind === 'tax-payment' && facts['tax.paymentStatus'] !== 'no-arrears') {
        throw new DomainError('certificate_not_issuable', 409, 'A tax payment certificate is issued only when no national tax is overdue. The National Tax Service records an amount due for you; settle it or contact them.');
      }
      const issuedAt = clock.now();
      return inTransaction(db, async (tx) => {
        const number = await repo.nextCertificateNumber(tx, spec.prefix, issuedAt.getUTCFullYear());
        const content: CertificateContent = {
          kind,
          number,
          issuedAt: issuedAt.toISOString(),
          issuer: { agencyId: agency.id, nameEn: agency.name_en, nameKo: agency.name_ko },
          holder: { name: facts['resident.name']!, birthDate: facts['resident.birthDate'] ?? null },
          facts: Object.fromEntries(spec.items.filter((i) => i !== 'resident.name' && i !== 'resident.birthDate' && facts[i] !== undefined).map((i) => [i, facts[i]!])),
        };
        const contentSha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
        // The log learns the number and the content hash; never the holder or what it states.
        const logPendingId = await kernel.transparencyLog.appendInTx(tx, {
          type: 'gov24.certificate-issued',
          at: issuedAt.toISOString(),
          agency: agency.id,
          refs: { certificateId: id, certificateNumber: number, sha256: `sha256:${contentSha256}` },
        });
        const row = {
          id, number, check_code: newCheckCode(), kind, holder_id: session.personId, agency_id: agency.id, content_sha256: contentSha256,
          language, issued_at: issuedAt, log_pending_id: logPendingId, status: 'valid',
        };
        await repo.insertCertificate(tx, { ...row, content: JSON.stringify(content) });
        return { ...row, content, pdf_sha256: null, sealed_at: null, revoked_at: null };
      });
    },

    /** Whether the sealed PDF can be had now: made already, or the log has the issue entry. */
    async isReady(row: CertificateRow): Promise<boolean> {
      if (row.sealed_at) return true;
      try {
        await kernel.transparencyLog.receiptFor({ pendingId: row.log_pending_id });
        return true;
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'log_entry_pending' || error.code === 'log_not_ready')) return false;
        throw error;
      }
    },

    /** The sealed PDF: made on first download (receipt attached, then the agency's PAdES seal) and kept. */
    async pdf(session: SessionContext, id: string): Promise<{ row: CertificateRow; pdf: Uint8Array }> {
      const row = await holderRow(session, id);
      const stored = await repo.certificatePdf(db, id);
      if (stored) return { row, pdf: stored };
      let receipt;
      try {
        receipt = await kernel.transparencyLog.receiptFor({ pendingId: row.log_pending_id });
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'log_entry_pending' || error.code === 'log_not_ready')) {
          throw new DomainError('certificate_preparing', 409, 'The certificate is being recorded in the public log; it can be downloaded in a few seconds.');
        }
        throw error;
      }
      const spec = CERTIFICATE_KINDS[row.kind as CertificateKind];
      const unsigned = await renderCertificatePdf({
        content: row.content,
        contentSha256: row.content_sha256,
        checkCode: showCheckCode(row.check_code),
        verifyUrl: verifyUrl(row),
        labels: { title: spec.title, facts: LABELS, value: (_item, value) => (VALUES[value] ? `${VALUES[value].ko} / ${VALUES[value].en}` : value) },
      });
      const sealed = await seal(row.agency_id, await attachReceipt(unsigned, receipt), `${spec.title.en} ${row.number}`);
      await repo.storeSealedPdf(db, id, sealed.pdf, sealed.documentSha256, clock.now());
      // Two first downloads at once: both sealed, the first stored wins and both get that one.
      return { row: (await repo.findCertificate(db, id))!, pdf: (await repo.certificatePdf(db, id))! };
    },

    /** Revocation by the holder: at once, logged, shown to every later verification. */
    async revoke(session: SessionContext, id: string): Promise<void> {
      const row = await holderRow(session, id);
      const at = clock.now();
      await inTransaction(db, async (tx) => {
        if (!(await repo.markRevoked(tx, id, at))) throw new DomainError('certificate_already_revoked', 409, 'The certificate is already revoked.');
        await kernel.transparencyLog.appendInTx(tx, {
          type: 'gov24.certificate-revoked',
          at: at.toISOString(),
          agency: row.agency_id,
          refs: { certificateId: row.id, certificateNumber: row.number },
        });
      });
    },

    /** For anyone, without an account: the issue number and check code must both match. */
    async verify(number: string, code: string): Promise<CertificateVerification> {
      const row = /^[A-Z]{3}-\d{4}-\d{6}$/.test(number.trim().toUpperCase()) ? await repo.findCertificateByNumber(db, number.trim().toUpperCase()) : undefined;
      const given = Buffer.from(normaliseCheckCode(code).padEnd(8, '\0').slice(0, 8));
      const expected = Buffer.from(row?.check_code ?? 'ZZZZZZZZ');
      if (!timingSafeEqual(given, expected) || !row || normaliseCheckCode(code).length !== 8) {
        throw new DomainError(CERTIFICATE_NOT_FOUND, 404, 'No certificate has this issue number and check code. Check both against the document.');
      }
      const spec = CERTIFICATE_KINDS[row.kind as CertificateKind];
      return {
        number: row.number,
        kind: row.kind as CertificateKind,
        title: spec.title,
        issuer: { nameEn: row.content.issuer.nameEn, nameKo: row.content.issuer.nameKo },
        issuedAt: row.issued_at,
        holder: maskName(row.content.holder.name),
        contentSha256: row.content_sha256,
        pdfSha256: row.pdf_sha256,
        status: row.status === 'revoked' ? 'revoked' : 'valid',
        revokedAt: row.revoked_at,
      };
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;
