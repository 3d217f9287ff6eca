import type { ColumnType, Selectable } from 'kysely';
import type { RevocationReason } from '../pki/revocation.crl.js';
import type { SignatureAlgorithm } from '../signing/signer.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export type CaKind = 'root' | 'agency' | 'business';
export type SubjectKind = 'official' | 'system' | 'business' | 'seal';
export type CertificateState = 'valid' | 'revoked';

export interface TrustKeyTable {
  id: string;
  algorithm: SignatureAlgorithm;
  public_key: Bytes;
  wrapped_private_key: Bytes;
  created_at: Timestamp;
}

export interface CertificateAuthorityTable {
  id: string;
  kind: CaKind;
  organisation_id: string | null;
  certificate: Bytes;
  key_id: string;
  next_crl_number: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface CertificateTable {
  serial: string;
  ca_id: string;
  subject_kind: SubjectKind;
  person_id: string | null;
  organisation_id: string;
  key_id: string;
  subject: string;
  der: Bytes;
  not_before: Timestamp;
  not_after: Timestamp;
  status: ColumnType<CertificateState, CertificateState | undefined, CertificateState>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revocation_reason: ColumnType<RevocationReason | null, RevocationReason | null | undefined, RevocationReason | null>;
  renewed_from: string | null;
  created_at: Timestamp;
}

export interface CertificateRevocationListTable {
  ca_id: string;
  number: number;
  der: Bytes;
  this_update: Timestamp;
  next_update: Timestamp;
}

export type CaRow = Selectable<CertificateAuthorityTable>;
export type CertificateRow = Selectable<CertificateTable>;
export type CrlRow = Selectable<CertificateRevocationListTable>;

declare module '../../db/schema.js' {
  interface Database {
    trust_key: TrustKeyTable;
    certificate_authority: CertificateAuthorityTable;
    certificate: CertificateTable;
    certificate_revocation_list: CertificateRevocationListTable;
  }
}
