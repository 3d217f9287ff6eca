import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ServiceDefinition } from './gov24.catalogue.js';

type Json<T> = ColumnType<T, string, string>;

export interface Gov24ServiceTable {
  id: string;
  code: string;
  agency_id: string;
  category: string;
  life_event: string | null;
  age_group: string;
  is_applicable: boolean;
  current_version: number;
  name_en: string;
  name_ko: string;
  search_text: string;
  search: ColumnType<string, never, never>;
}

export interface Gov24ServiceVersionTable {
  service_id: string;
  version: number;
  definition: Json<ServiceDefinition>;
  published_at: Date;
}

export interface ConsentItem {
  item: string;
  agencyCode: string;
}

export interface Gov24ApplicationTable {
  id: string;
  number: string | null;
  service_id: string;
  service_version: number;
  applicant_id: string;
  agency_id: string;
  status: string;
  answers: Json<Record<string, string>>;
  consent: ColumnType<ConsentItem[] | null, string | null, string | null>;
  consented_at: Date | null;
  facts: ColumnType<Record<string, string> | null, string | null, string | null>;
  fee_krw: number;
  payment_reference: string | null;
  document_sha256: string | null;
  subject_salt: string | null;
  submitted_at: Date | null;
  due_at: Date | null;
  assigned_official_id: string | null;
  decision: string | null;
  decision_reasons: string | null;
  decision_remedy: string | null;
  decision_jws: string | null;
  decision_certificate_serial: string | null;
  decided_at: Date | null;
  log_pending_id: number | null;
  bundle_id: string | null;
  bundle_code: string | null;
  bundle_part: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface Gov24ApplicationEventTable {
  id: Generated<number>;
  application_id: string;
  kind: string;
  at: Date;
  actor_id: string | null;
  note: string | null;
}

export interface Gov24ApplicationDocumentTable {
  application_id: string;
  name: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_at: Date;
}

export type DocumentRow = Omit<Selectable<Gov24ApplicationDocumentTable>, 'content'>;

export type ServiceRow = Omit<Selectable<Gov24ServiceTable>, 'search'>;
export type ApplicationRow = Selectable<Gov24ApplicationTable>;
export type ApplicationEventRow = Selectable<Gov24ApplicationEventTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    gov24_service: Gov24ServiceTable;
    gov24_service_version: Gov24ServiceVersionTable;
    gov24_application: Gov24ApplicationTable;
    gov24_application_event: Gov24ApplicationEventTable;
    gov24_application_document: Gov24ApplicationDocumentTable;
  }
}

export interface Gov24CertificateTable {
  id: string;
  number: string;
  check_code: string;
  kind: string;
  holder_id: string;
  agency_id: string;
  content: Json<CertificateContent>;
  content_sha256: string;
  language: string;
  issued_at: Date;
  log_pending_id: number;
  pdf: Uint8Array | null;
  pdf_sha256: string | null;
  sealed_at: Date | null;
  status: string;
  revoked_at: Date | null;
}

/** What a certificate states, fixed at issue. */
export interface CertificateContent {
  kind: string;
  number: string;
  issuedAt: string;
  issuer: { agencyId: string; nameEn: string; nameKo: string };
  holder: { name: string; birthDate: string | null };
  /** The registry facts the certificate states: item code -> value as text. */
  facts: Record<string, string>;
}

export type CertificateRow = Omit<Selectable<Gov24CertificateTable>, 'pdf'>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    gov24_certificate: Gov24CertificateTable;
  }
}

export interface Gov24NoticeConsentTable {
  person_id: string;
  consented_at: Date;
}

export interface Gov24RefundClaimTable {
  id: string;
  person_id: string;
  refund_code: string;
  agency_code: string;
  amount_krw: number;
  bank_account: string;
  claimed_at: Date;
}

export type RefundClaimRow = Selectable<Gov24RefundClaimTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    gov24_notice_consent: Gov24NoticeConsentTable;
    gov24_refund_claim: Gov24RefundClaimTable;
  }
}
