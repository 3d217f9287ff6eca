import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { inTransaction, type Db, type DbOrTx, type Tx } from '../../db/database.js';
import type { LogEvent } from '../log/log.events.js';
import { conflict, DomainError, invalidInput, notFound } from '../../http/errors.js';
import { newId } from '../../identity/identity.crypto.js';
import type { IdentityService } from '../../identity/identity.service.js';
import {
  createRootCa,
  issueAgencyCa,
  issueBusinessCertificate,
  issueOfficialCertificate,
  issueSealCertificate,
  issueSystemCertificate,
  renewCertificate,
  validityFor,
  type CertificateAuthority,
  type Validity,
} from '../pki/certificate.profiles.js';
import { buildCrl, revocationReasons, type Revocation, type RevocationReason } from '../pki/revocation.crl.js';
import { x509 } from '../pki/x509.js';
import type { KeyStore, Signer } from '../signing/signer.js';
import { createCaRepository } from './ca.repository.js';
import type { CaKind, CaRow, CertificateRow, SubjectKind } from './ca.tables.js';

const DAY = 86_400_000;
/** Lifetimes in days. A leaf never outlives its CA: it is cut at the CA's notAfter. */
export const LIFETIME_DAYS = { root: 365 * 20, ca: 365 * 10, official: 365 * 2, business: 365 * 2, system: 397, seal: 365 * 2 } as const;
/** A CRL is re-signed when served after this long, and on every revocation. */
export const CRL_LIFETIME_DAYS = 7;
const BUSINESS_CA_NAME = 'Nara Businesses';
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Error code: the person holds no valid certificate to sign with (for this organisation). */
export const NO_SIGNING_CERTIFICATE = 'no_signing_certificate';
/** Error code: no certificate with this serial was issued by Nara. */
export const CERTIFICATE_NOT_FOUND = 'certificate_not_found';

export interface PkiDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  /** Keys are created and read outside transactions: on the embedded database a transaction holds the only connection. */
  keyStore: KeyStore;
  identity: Pick<IdentityService, 'getPerson' | 'getOrganisation' | 'officialPostsOf' | 'businessesOf'>;
  /** Records issuance and revocation in the transparency log, inside the change's transaction. */
  logInTx?: (tx: Tx, event: LogEvent) => Promise<unknown>;
}

/** Hex SHA-256 of bytes or text, as log references carry it (after "sha256:"). */
export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** What callers see of a certificate. */
export interface CertificateSummary {
  serial: string;
  caId: string;
  kind: SubjectKind;
  personId: string | null;
  organisationId: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  status: 'valid' | 'revoked';
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  renewedFrom: string | null;
}

export type CertificateStatusAnswer =
  | { serial: string; status: 'good'; notBefore: Date; notAfter: Date }
  | { serial: string; status: 'revoked'; revokedAt: Date; reason: RevocationReason; notBefore: Date; notAfter: Date };

/** A person's signing key and the chain to embed with its signatures (leaf, issuing CA, root). */
export interface SignerWithChain {
  signer: Signer;
  chain: x509.X509Certificate[];
  certificate: CertificateSummary;
}

export function toSummary(r: CertificateRow): CertificateSummary {
  return {
    serial: r.serial,
    caId: r.ca_id,
    kind: r.subject_kind,
    personId: r.person_id,
    organisationId: r.organisation_id,
    subject: r.subject,
    notBefore: r.not_before,
    notAfter: r.not_after,
    status: r.status,
    revokedAt: r.revoked_at,
    revocationReason: r.revocation_reason,
    renewedFrom: r.renewed_from,
  };
}

/** Bytes from either driver (Buffer or Uint8Array) as a certificate. */
export const parseCertificate = (der: Uint8Array) => new x509.X509Certificate(new Uint8Array(der));

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && Object.hasOwn(revocationReasons, value);
}

/** Serials as people type them: any case, optional colons. */
export function normaliseSerial(serial: string): string {
  return serial.trim().replace(/:/g, '').toLowerCase();
}

/**
 * Nara's certificate authorities on the database: the platform root, one CA per agency and one for
 * businesses, created on first use (safely when several processes race), and the certificates
 * they issue, renew and revoke. Every revocation re-signs the CA's CRL in the same transaction.
 */
export function createCaService(deps: PkiDeps) {
  const { keyStore, clock, publicUrl } = deps;
  const repo = (db: DbOrTx = deps.db) => createCaRepository(db);

  async function loadCa(row: CaRow): Promise<CertificateAuthority> {
    return { id: row.id, certificate: parseCertificate(row.certificate), signer: await keyStore.getSigner(row.key_id) };
  }

  async function caById(id: string): Promise<CaRow> {
    const row = await repo().findCa(id);
    if (!row) throw new DomainError('certificate_authority_not_found', 404, `No certificate authority ${id}.`);
    return row;
  }

  /** Signs and stores the CA's next CRL listing every certificate it has revoked. */
  async function publishCrl(tx: DbOrTx, ca: CertificateAuthority) {
    const r = repo(tx);
    const number = await r.takeCrlNumber(ca.id);
    const revocations: Revocation[] = (await r.revokedOf(ca.id)).map((x) => ({
      issuer: ca.certificate.subject,
      serialNumber: x.serial,
      revokedAt: x.revoked_at!,
      reason: x.revocation_reason!,
    }));
    const thisUpdate = clock.now();
    const nextUpdate = new Date(thisUpdate.getTime() + CRL_LIFETIME_DAYS * DAY);
    const crl = await buildCrl(ca, { revocations, thisUpdate, nextUpdate, crlNumber: number });
    const row = { ca_id: ca.id, number, der: new Uint8Array(crl.rawData), this_update: thisUpdate, next_update: nextUpdate };
    await r.insertCrl(row);
    return row;
  }

  /**
   * Stores a new CA with its first CRL, unless another process stored the same one first: then
   * the key made for it is deleted and the winner is returned.
   */
  async function claimCa(kind: CaKind, organisationId: string | null, ca: CertificateAuthority): Promise<CaRow> {
    const row = {
      id: ca.id,
      kind,
      organisation_id: organisationId,
      certificate: new Uint8Array(ca.certificate.rawData),
      key_id: ca.signer.keyId,
      next_crl_number: 1,
      created_at: clock.now(),
    };
    const won = await inTransaction(deps.db, async (tx) => {
      if (!(await repo(tx).insertCaIfAbsent(row))) return false;
      await publishCrl(tx, ca);
      return true;
    });
    if (won) return row;
    await repo().deleteKey(ca.signer.keyId);
    const winner = await repo().findCaFor(kind, organisationId);
    if (!winner) throw new Error(`The ${kind} CA could neither be created nor found.`);
    return winner;
  }

  const within = (ca: CertificateAuthority, days: number): Validity => {
    const v = validityFor(clock.now(), days);
    return v.notAfter > ca.certificate.notAfter ? { notBefore: v.notBefore, notAfter: ca.certificate.notAfter } : v;
  };

  async function ensurePlatformRoot(): Promise<CaRow> {
    const existing = await repo().findCaFor('root', null);
    if (existing) return existing;
    const signer = await keyStore.createKey('ES256');
    const ca = await createRootCa({ id: newId('ca'), commonName: 'Nara Root CA', signer, validity: validityFor(clock.now(), LIFETIME_DAYS.root) });
    return claimCa('root', null, ca);
  }

  async function ensureSubordinateCa(kind: 'agency' | 'business', organisationId: string | null, name: string): Promise<CaRow> {
    const existing = await repo().findCaFor(kind, organisationId);
    if (existing) return existing;
    const root = await loadCa(await ensurePlatformRoot());
    const signer = await keyStore.createKey('ES256');
    const ca = await issueAgencyCa(root, { id: newId('ca'), agencyName: name, signer, validity: within(root, LIFETIME_DAYS.ca), publicUrl });
    return claimCa(kind, organisationId, ca);
  }

  async function agencyOf(organisationId: string) {
    const org = await deps.identity.getOrganisation(organisationId);
    if (!org) throw notFound('The agency');
    if (org.kind === 'business') throw new DomainError('not_an_agency', 422, `${organisationId} is a business, not an agency.`);
    return org;
  }

  async function ensureAgencyCa(organisationId: string): Promise<CaRow> {
    const org = await agencyOf(organisationId);
    return ensureSubordinateCa('agency', org.id, org.name_en);
  }

  async function issueSeal(organisationId: string): Promise<CertificateSummary> {
    const org = await agencyOf(organisationId);
    const ca = await loadCa(await ensureAgencyCa(organisationId));
    const signer = await keyStore.createKey('ES256');
    const certificate = await issueSealCertificate(ca, { agencyName: org.name_en, publicKey: signer.publicKey, validity: within(ca, LIFETIME_DAYS.seal), publicUrl });
    return inTransaction(deps.db, (tx) => store('seal', ca, certificate, { personId: null, organisationId, keyId: signer.keyId }, tx));
  }

  async function store(
    kind: SubjectKind,
    ca: CertificateAuthority,
    certificate: x509.X509Certificate,
    p: { personId: string | null; organisationId: string; keyId: string; renewedFrom?: string },
    tx: Tx,
  ): Promise<CertificateSummary> {
    const row: CertificateRow = {
      serial: certificate.serialNumber.toLowerCase(),
      ca_id: ca.id,
      subject_kind: kind,
      person_id: p.personId,
      organisation_id: p.organisationId,
      key_id: p.keyId,
      subject: certificate.subject,
      der: new Uint8Array(certificate.rawData),
      not_before: certificate.notBefore,
      not_after: certificate.notAfter,
      status: 'valid',
      revoked_at: null,
      revocation_reason: null,
      renewed_from: p.renewedFrom ?? null,
      created_at: clock.now(),
    };
    await repo(tx).insertCertificate(row);
    await logCertificateEvent(tx, 'pki.certificate-issued', row);
    return toSummary(row);
  }

  /** A public record of issuance or revocation: the certificate's hash, never its subject. */
  async function logCertificateEvent(tx: Tx, type: string, row: CertificateRow, reasonCode?: number): Promise<void> {
    if (!deps.logInTx) return;
    await deps.logInTx(tx, {
      type,
      at: clock.now().toISOString(),
      agency: row.subject_kind === 'business' ? 'platform' : row.organisation_id,
      refs: {
        caId: row.ca_id,
        certificateSha256: `sha256:${sha256Hex(row.der)}`,
        ...(reasonCode === undefined ? {} : { reasonCode }),
      },
    });
  }

  async function findRow(serial: string): Promise<CertificateRow> {
    const row = await repo().findCertificate(normaliseSerial(serial));
    if (!row) throw new DomainError(CERTIFICATE_NOT_FOUND, 404, `No certificate with serial ${serial} was issued by Nara.`);
    return row;
  }

  return {
    ensurePlatformRoot,
    ensureAgencyCa,
    ensureBusinessCa: () => ensureSubordinateCa('business', null, BUSINESS_CA_NAME),

    /** A document-signing certificate for an active official of the agency. */
    async issueOfficialCertificate(personId: string, organisationId: string): Promise<CertificateSummary> {
      const person = await deps.identity.getPerson(personId);
      if (!person) throw notFound('The person');
      const org = await agencyOf(organisationId);
      const posts = await deps.identity.officialPostsOf(personId);
      if (!posts.some((p) => p.organisationId === organisationId)) {
        throw new DomainError('not_an_official', 422, `${person.displayName} is not an active official of ${org.name_en}.`);
      }
      const ca = await loadCa(await ensureAgencyCa(organisationId));
      const signer = await keyStore.createKey('ES256');
      const certificate = await issueOfficialCertificate(ca, {
        name: person.displayName, agencyName: org.name_en, publicKey: signer.publicKey, validity: within(ca, LIFETIME_DAYS.official), publicUrl,
      });
      return inTransaction(deps.db, (tx) => store('official', ca, certificate, { personId, organisationId, keyId: signer.keyId }, tx));
    },

    /** A TLS server and client certificate for an agency system, for one or more DNS names. */
    async issueSystemCertificate(organisationId: string, dnsNames: string[]): Promise<CertificateSummary> {
      const names = [...new Set(dnsNames.map((n) => n.trim().toLowerCase()))];
      const bad = names.filter((n) => !DNS_NAME.test(n));
      if (names.length === 0 || names.length > 20 || bad.length > 0) {
        throw invalidInput([{ field: 'dnsNames', message: bad.length > 0 ? `Not a DNS name: ${bad.join(', ')}.` : 'Give 1 to 20 DNS names.' }]);
      }
      const org = await agencyOf(organisationId);
      const ca = await loadCa(await ensureAgencyCa(organisationId));
      const signer = await keyStore.createKey('ES256');
      const certificate = await issueSystemCertificate(ca, {
        systemName: names[0]!, agencyName: org.name_en, dnsNames: names, publicKey: signer.publicKey, validity: within(ca, LIFETIME_DAYS.system), publicUrl,
      });
      return inTransaction(deps.db, (tx) => store('system', ca, certificate, { personId: null, organisationId, keyId: signer.keyId }, tx));
    },

    /** The agency's seal certificate, for documents the agency itself issues (see sealSignerFor). */
    issueSealCertificate: issueSeal,

    /** A signing certificate for a member of a business (bids, contracts), from the business CA. */
    async issueBusinessCertificate(personId: string, businessOrgId: string): Promise<CertificateSummary> {
      const org = await deps.identity.getOrganisation(businessOrgId);
      if (!org || org.kind !== 'business') throw notFound('The business');
      if (!org.business_registration_number) throw new DomainError('business_unregistered', 422, `${org.name_en} has no business registration number.`);
      if (!(await deps.identity.businessesOf(personId)).includes(businessOrgId)) {
        throw new DomainError('not_a_business_member', 422, `The person is not a member of ${org.name_en}.`);
      }
      const ca = await loadCa(await ensureSubordinateCa('business', null, BUSINESS_CA_NAME));
      const signer = await keyStore.createKey('ES256');
      const certificate = await issueBusinessCertificate(ca, {
        businessName: org.name_en, registrationNumber: org.business_registration_number, publicKey: signer.publicKey,
        validity: within(ca, LIFETIME_DAYS.business), publicUrl,
      });
      return inTransaction(deps.db, (tx) => store('business', ca, certificate, { personId, organisationId: businessOrgId, keyId: signer.keyId }, tx));
    },

    /**
     * A new certificate with a new key for the same subject and profile and the same lifetime; the
     * old one is revoked as superseded in the same transaction (signatures made before stay valid).
     */
    async renewCertificate(serial: string): Promise<CertificateSummary> {
      const old = await findRow(serial);
      if (old.status === 'revoked') throw conflict('certificate_revoked', `Certificate ${old.serial} is revoked; issue a new one instead.`);
      const ca = await loadCa(await caById(old.ca_id));
      const previous = parseCertificate(old.der);
      const signer = await keyStore.createKey('ES256');
      const days = Math.round((previous.notAfter.getTime() - previous.notBefore.getTime()) / DAY);
      const certificate = await renewCertificate(ca, previous, { validity: within(ca, days), publicUrl, publicKey: signer.publicKey });
      return inTransaction(deps.db, async (tx) => {
        if (!(await repo(tx).markRevoked(old.serial, clock.now(), 'superseded'))) {
          throw conflict('certificate_revoked', `Certificate ${old.serial} was revoked meanwhile.`);
        }
        await logCertificateEvent(tx, 'pki.certificate-revoked', old, revocationReasons.superseded);
        const renewed = await store(old.subject_kind, ca, certificate, {
          personId: old.person_id, organisationId: old.organisation_id, keyId: signer.keyId, renewedFrom: old.serial,
        }, tx);
        await publishCrl(tx, ca);
        return renewed;
      });
    },

    /** Revokes as of `at` (default now; earlier for a key compromise found late) and re-signs the CRL. */
    async revokeCertificate(serial: string, reason: RevocationReason, at: Date = clock.now()): Promise<CertificateSummary> {
      if (!isRevocationReason(reason)) {
        throw invalidInput([{ field: 'reason', message: `The reason must be one of ${Object.keys(revocationReasons).join(', ')}.` }]);
      }
      if (Number.isNaN(at.getTime()) || at > clock.now()) throw invalidInput([{ field: 'at', message: 'A revocation cannot take effect in the future.' }]);
      const row = await findRow(serial);
      const ca = await loadCa(await caById(row.ca_id));
      return inTransaction(deps.db, async (tx) => {
        const revoked = await repo(tx).markRevoked(row.serial, at, reason);
        if (!revoked) throw conflict('certificate_already_revoked', `Certificate ${row.serial} is already revoked.`);
        await logCertificateEvent(tx, 'pki.certificate-revoked', row, revocationReasons[reason]);
        await publishCrl(tx, ca);
        return toSummary(revoked);
      });
    },

    async certificateStatus(serial: string): Promise<CertificateStatusAnswer> {
      const row = await findRow(serial);
      const base = { serial: row.serial, notBefore: row.not_before, notAfter: row.not_after };
      if (row.status === 'revoked') return { ...base, status: 'revoked', revokedAt: row.revoked_at!, reason: row.revocation_reason! };
      return { ...base, status: 'good' };
    },

    getCertificate: async (serial: string) => toSummary(await findRow(serial)),
    certificateDer: async (serial: string) => (await findRow(serial)).der,

    /** Certificates of an organisation, newest first (officials and systems for an agency). */
    listCertificates: async (organisationId: string, kinds: SubjectKind[] = ['official', 'system', 'business']) =>
      (await repo().listCertificatesOf(organisationId, kinds)).map(toSummary),

    /** The signing key and chain of a person's current valid certificate (for one organisation if given). */
    async signerFor(personId: string, organisationId?: string): Promise<SignerWithChain> {
      const row = await repo().currentCertificateOf(personId, organisationId, clock.now());
      if (!row) {
        throw new DomainError(NO_SIGNING_CERTIFICATE, 409, 'You have no valid signing certificate. Ask an administrator of your agency to issue one.');
      }
      const caRow = await caById(row.ca_id);
      const root = await ensurePlatformRoot();
      const chain = [row.der, caRow.certificate, root.certificate].map(parseCertificate);
      return { signer: await keyStore.getSigner(row.key_id), chain, certificate: toSummary(row) };
    },

    /** The signing key and chain of an agency system's current valid certificate (node-to-node messages). */
    async systemSignerFor(organisationId: string): Promise<SignerWithChain> {
      const row = await repo().currentSystemCertificateOf(organisationId, clock.now());
      if (!row) throw new DomainError(NO_SIGNING_CERTIFICATE, 409, 'The agency has no valid system certificate. Ask an administrator of the agency to issue one.');
      const caRow = await caById(row.ca_id);
      const root = await ensurePlatformRoot();
      const chain = [row.der, caRow.certificate, root.certificate].map(parseCertificate);
      return { signer: await keyStore.getSigner(row.key_id), chain, certificate: toSummary(row) };
    },

    /**
     * The key and chain of the agency's current seal; the first seal is issued on first use (an
     * agency that issues documents needs one, and nobody has to remember to ask for it).
     */
    async sealSignerFor(organisationId: string): Promise<SignerWithChain> {
      let row = await repo().currentCertificateOfKind(organisationId, 'seal', clock.now());
      if (!row) {
        await issueSeal(organisationId);
        row = await repo().currentCertificateOfKind(organisationId, 'seal', clock.now());
      }
      if (!row) throw new DomainError(NO_SIGNING_CERTIFICATE, 409, 'The agency has no valid seal certificate.');
      const caRow = await caById(row.ca_id);
      const root = await ensurePlatformRoot();
      const chain = [row.der, caRow.certificate, root.certificate].map(parseCertificate);
      return { signer: await keyStore.getSigner(row.key_id), chain, certificate: toSummary(row) };
    },

    /** The CA's newest CRL (DER), re-signed first when it is past its next update. */
    async crlDer(caId: string): Promise<Uint8Array> {
      const latest = await repo().findCa(caId).then((ca) => ca && repo().latestCrl(caId));
      if (latest && latest.next_update > clock.now()) return latest.der;
      const ca = await loadCa(await caById(caId));
      return (await inTransaction(deps.db, (tx) => publishCrl(tx, ca))).der;
    },

    caCertificateDer: async (caId: string) => (await caById(caId)).certificate,
    listCas: () => repo().listCas(),

    /** The platform root certificate: the one trust anchor for Nara's signatures. */
    async trustedRoots(): Promise<x509.X509Certificate[]> {
      return [parseCertificate((await ensurePlatformRoot()).certificate)];
    },

    /** Every revocation the store knows, in the form the verifiers take. */
    async revocations(): Promise<Revocation[]> {
      const subjects = new Map((await repo().listCas()).map((ca) => [ca.id, parseCertificate(ca.certificate).subject]));
      return (await repo().revokedOf()).map((r) => ({
        issuer: subjects.get(r.ca_id) ?? '',
        serialNumber: r.serial,
        revokedAt: r.revoked_at!,
        reason: r.revocation_reason!,
      }));
    },
  };
}

export type CaService = ReturnType<typeof createCaService>;
