import { randomBytes } from 'node:crypto';
import { deriveKek } from '../signing/key-wrap.js';
import type { SignatureAlgorithm, Signer } from '../signing/signer.js';
import { SoftwareKeyStore } from '../signing/software-key-store.js';
import {
  createRootCa,
  issueAgencyCa,
  issueOfficialCertificate,
  validityFor,
  type CertificateAuthority,
} from './certificate.profiles.js';

/** Test support: a root, an agency CA and an official with a signing key, all in one key store. */
export const PUBLIC_URL = 'https://nara.test';
export const T0 = new Date('2026-03-01T09:00:00Z');
const DAY = 86_400_000;

export interface TestHierarchy {
  keyStore: SoftwareKeyStore;
  root: CertificateAuthority;
  agency: CertificateAuthority;
  official: { signer: Signer; certificate: Awaited<ReturnType<typeof issueOfficialCertificate>> };
  /** A time when everything is valid: `T0` for the default base. */
  t0: Date;
}

/**
 * Root and agency CA valid from `base`, the official from `base` + 31 days for a year; `t0` is
 * `base` + 59 days 9 hours. pdfsig checks certificates against the wall clock, so its tests pass
 * a base that puts `t0` just before the real now.
 */
export async function createTestHierarchy(
  algorithm: SignatureAlgorithm = 'ES256',
  base = new Date('2026-01-01T00:00:00Z'),
): Promise<TestHierarchy> {
  const keyStore = new SoftwareKeyStore(deriveKek(randomBytes(32), 'signing-keys'));
  const root = await createRootCa({
    id: 'root',
    commonName: 'Nara Root CA',
    signer: await keyStore.createKey('ES256'),
    validity: validityFor(base, 365 * 20),
  });
  const agency = await issueAgencyCa(root, {
    id: 'mois',
    agencyName: 'Ministry of the Interior and Safety',
    signer: await keyStore.createKey('ES256'),
    validity: validityFor(base, 365 * 10),
    publicUrl: PUBLIC_URL,
  });
  const signer = await keyStore.createKey(algorithm);
  const certificate = await issueOfficialCertificate(agency, {
    name: 'Kim Minji',
    agencyName: 'Ministry of the Interior and Safety',
    publicKey: signer.publicKey,
    validity: validityFor(new Date(base.getTime() + 31 * DAY), 365),
    publicUrl: PUBLIC_URL,
  });
  return { keyStore, root, agency, official: { signer, certificate }, t0: new Date(base.getTime() + 59 * DAY + 9 * 3_600_000) };
}
