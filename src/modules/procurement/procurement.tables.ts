import type { ColumnType, Selectable } from 'kysely';
import type { EcPublicJwk } from './domain/sealing.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type TenderKind = 'goods' | 'services' | 'works';
export type TenderMethod = 'lowest_above_floor' | 'multiple_reserve_price';
export type TenderStatus = 'open' | 'opened' | 'cancelled';
export type BidStatus = 'valid' | 'replaced' | 'withdrawn';

export interface RevealedReserve {
  prices: number[];
  salt: string;
}

export interface ProcurementVendorTable {
  organisation_id: string;
  categories: string[];
  contact_email: string;
  registered_by: string;
  registered_at: Timestamp;
}

export interface ProcurementDebarmentTable {
  id: string;
  organisation_id: string;
  reason: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  decided_by: string;
  created_at: Timestamp;
}

export interface ProcurementOpeningKeyTable {
  person_id: string;
  public_jwk: Json<EcPublicJwk>;
  created_at: Timestamp;
}

export interface ProcurementTenderTable {
  id: string;
  agency_id: string;
  title: string;
  kind: TenderKind;
  award_method: TenderMethod;
  base_amount: number;
  band_basis_points: number;
  floor_rate_millis: number;
  published_at: Timestamp;
  bid_deadline: Timestamp;
  opening_at: Timestamp;
  status: TenderStatus;
  threshold: number;
  opening_public_jwk: Json<EcPublicJwk>;
  sealed_reserve_prices: string;
  reserve_commitment: string;
  revealed_reserve: NullableJson<RevealedReserve>;
  /** The published TenderResult (procurement.service.ts). */
  result: NullableJson<unknown>;
  opened_at: NullableTimestamp;
  description: ColumnType<string, string | undefined, string>;
  clarification_deadline: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProcurementTenderItemTable {
  tender_id: string;
  position: number;
  /** UNSPSC commodity code, 8 digits. */
  unspsc: string;
  description: string;
  quantity: number;
  unit: string;
}

export interface ProcurementClarificationTable {
  id: string;
  tender_id: string;
  question: string;
  asked_by_vendor: string;
  asked_by: string;
  asked_at: Timestamp;
  answer: ColumnType<string | null, string | null | undefined, string | null>;
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  answered_at: NullableTimestamp;
}

export interface ProcurementAmendmentTable {
  id: string;
  tender_id: string;
  number: number;
  summary: string;
  changes_requirements: boolean;
  previous_bid_deadline: Timestamp;
  bid_deadline: Timestamp;
  opening_at: Timestamp;
  amended_by: string;
  amended_at: Timestamp;
}

export interface ProcurementOpeningShareTable {
  tender_id: string;
  person_id: string;
  jwe: string;
  released_share: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  released_at: NullableTimestamp;
}

export interface ProcurementBidTable {
  id: string;
  tender_id: string;
  vendor_id: string;
  submitted_by: string;
  sealed: string;
  commitment: string;
  statement_jws: string;
  submitted_at: Timestamp;
  status: BidStatus;
}

export interface ProcurementAwardTable {
  tender_id: string;
  bid_id: string;
  vendor_id: string;
  price: number;
  decided_by: string;
  decided_at: Timestamp;
  standstill_ends_at: Timestamp;
  annulled_at: NullableTimestamp;
}

export type ComplaintStatus = 'pending' | 'upheld' | 'dismissed';

export interface ProcurementComplaintTable {
  id: string;
  tender_id: string;
  vendor_id: string;
  filed_by: string;
  filed_at: Timestamp;
  grounds: string;
  status: ComplaintStatus;
  decision_reasons: ColumnType<string | null, string | null | undefined, string | null>;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: NullableTimestamp;
}

export type TenderRow = Selectable<ProcurementTenderTable>;
export type AwardRow = Selectable<ProcurementAwardTable>;
export type ComplaintRow = Selectable<ProcurementComplaintTable>;
export type BidRow = Selectable<ProcurementBidTable>;
export type VendorRow = Selectable<ProcurementVendorTable>;
export type ShareRow = Selectable<ProcurementOpeningShareTable>;
export type TenderItemRow = Selectable<ProcurementTenderItemTable>;
export type ClarificationRow = Selectable<ProcurementClarificationTable>;
export type AmendmentRow = Selectable<ProcurementAmendmentTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    procurement_vendor: ProcurementVendorTable;
    procurement_debarment: ProcurementDebarmentTable;
    procurement_opening_key: ProcurementOpeningKeyTable;
    procurement_tender: ProcurementTenderTable;
    procurement_opening_share: ProcurementOpeningShareTable;
    procurement_bid: ProcurementBidTable;
    procurement_tender_item: ProcurementTenderItemTable;
    procurement_clarification: ProcurementClarificationTable;
    procurement_amendment: ProcurementAmendmentTable;
    procurement_award: ProcurementAwardTable;
    procurement_complaint: ProcurementComplaintTable;
  }
}
