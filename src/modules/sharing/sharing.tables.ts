import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
/** ISO dates (YYYY-MM-DD) kept as text. */
type DateCol = string;
type NullableDateCol = string | null;

export interface ItemField {
  name: string;
  personal: boolean;
  sensitive: boolean;
}

export interface ItemPredicate {
  name: string;
  field: string;
}

export interface AccessItem {
  itemCode: string;
  providerId: string;
  fields: string[];
  predicate?: string;
  outcome: 'given' | 'unavailable' | 'refused';
}

export interface SharingResidentTable {
  person_id: string;
  provider_id: string;
  name: string;
  birth_date: DateCol;
  household_id: string;
  is_household_head: boolean;
}

export interface SharingAddressTable {
  id: Generated<number>;
  person_id: string;
  address: string;
  moved_in_on: DateCol;
  moved_out_on: NullableDateCol;
}

export interface SharingFamilyRelationTable {
  person_id: string;
  relative_id: string;
  relation: string;
}

export interface SharingIncomeTaxTable {
  person_id: string;
  tax_year: number;
  annual_income: number;
  unpaid_national_tax: number;
  unpaid_local_tax: number;
}

export interface SharingMilitaryServiceTable {
  person_id: string;
  status: string;
  branch: string | null;
  discharged_on: NullableDateCol;
}

export interface SharingVehicleTable {
  plate: string;
  owner_id: string;
  model: string;
  registered_on: DateCol;
}

export interface SharingLicenceTable {
  person_id: string;
  licence_code: string;
  issued_on: DateCol;
}

export interface SharingPropertyTable {
  id: string;
  owner_id: string;
  kind: string;
  address: string;
  area_m2: number;
  assessed_value: number;
}

export interface SharingBusinessTable {
  registration_number: string;
  owner_id: string;
  trade_name: string;
  status: string;
  opened_on: DateCol;
}

export interface SharingWelfareStatusTable {
  person_id: string;
  disability_registered: boolean;
  disability_severity: string | null;
  basic_livelihood: boolean;
}

export interface SharingItemTable {
  code: string;
  version: number;
  provider_id: string;
  name_en: string;
  name_ko: string;
  fields: Json<ItemField[]>;
  predicates: Json<ItemPredicate[]>;
  legal_bases: Json<string[]>;
  published_at: Date;
}

export interface SharingApprovalTable {
  id: string;
  consumer_id: string;
  provider_id: string;
  item_code: string;
  item_version: number;
  service_code: string;
  service_name: string;
  legal_basis: string;
  fields: Json<string[]>;
  predicates: Json<string[]>;
  status: string;
  applied_by: string | null;
  applied_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  refusal_reason: string | null;
  expires_at: Date;
}

export interface SharingAccessTable {
  id: string;
  at: Date;
  official_id: string;
  consumer_id: string;
  person_id: string | null;
  service_code: string;
  legal_basis: string;
  case_kind: string | null;
  case_ref: string | null;
  mode: string;
  items: Json<AccessItem[]>;
  result: string;
  refusal_code: string | null;
  commitment_salt: string;
  log_pending_id: number | null;
  /** The consent the access was made under (mode 3); null under an approval. */
  consent_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SharingMessageTable {
  id: Generated<number>;
  access_id: string;
  direction: string;
  agency_id: string;
  certificate_serial: string;
  jws: string;
  at: Date;
}

export interface SharingAlertTable {
  id: string;
  kind: string;
  raised_at: Date;
  official_id: string;
  consumer_id: string;
  people: number;
  window_minutes: number;
  /** Provider agencies whose items the alert concerns (they see it beside the auditors). */
  provider_ids: ColumnType<string[], string | undefined, string>;
  /** For a "no later action" alert: the access it is about. */
  access_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SharingNodeRequestTable {
  request_id: string;
  consumer_id: string;
  received_at: Date;
}

/** One item a person consented to have fetched, and which of its fields. */
export interface ConsentedItem {
  itemCode: string;
  fields: string[];
}

export interface SharingConsentTable {
  id: string;
  person_id: string;
  consumer_id: string;
  service_code: string;
  service_name: string;
  application_ref: string;
  channel: string;
  items: Json<ConsentedItem[]>;
  granted_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by_access_id: string | null;
}

export type ConsentRow = Selectable<SharingConsentTable>;
export type AlertRow = Selectable<SharingAlertTable>;
export type ItemRow = Selectable<SharingItemTable>;
export type ApprovalRow = Selectable<SharingApprovalTable>;
export type AccessRow = Selectable<SharingAccessTable>;
export type MessageRow = Selectable<SharingMessageTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    sharing_resident: SharingResidentTable;
    sharing_address: SharingAddressTable;
    sharing_family_relation: SharingFamilyRelationTable;
    sharing_income_tax: SharingIncomeTaxTable;
    sharing_military_service: SharingMilitaryServiceTable;
    sharing_vehicle: SharingVehicleTable;
    sharing_licence: SharingLicenceTable;
    sharing_property: SharingPropertyTable;
    sharing_business: SharingBusinessTable;
    sharing_welfare_status: SharingWelfareStatusTable;
    sharing_item: SharingItemTable;
    sharing_approval: SharingApprovalTable;
    sharing_access: SharingAccessTable;
    sharing_message: SharingMessageTable;
    sharing_alert: SharingAlertTable;
    sharing_node_request: SharingNodeRequestTable;
    sharing_consent: SharingConsentTable;
  }
}
