import type { ColumnType, Generated, Selectable } from 'kysely';

export interface EpeopleCaseTable {
  id: string;
  number: string;
  type: string;
  category: string | null;
  title: string;
  content: string;
  location_address: string | null;
  is_public: boolean;
  locale: string;
  /** Null for a report whose reporter filed it with their identity sealed. */
  filer_id: string | null;
  agency_id: string | null;
  assigned_official_id: string | null;
  status: string;
  content_hash: string;
  content_salt: string;
  received_at: Date;
  due_at: Date;
  paused_at: Date | null;
  supplement_requests: Generated<number>;
  extensions: Generated<number>;
  answer: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  answer_jws: string | null;
  answer_certificate_serial: string | null;
  log_pending_id: number | null;
  progress_notice_at: Date | null;
  escalated_at: Date | null;
  proposed_extension_amount: number | null;
  proposed_extension_reason: string | null;
  proposed_extension_due_at: Date | null;
  answer_outcome: string | null;
  answer_remedies: string | null;
  satisfaction: string | null;
  satisfaction_comment: string | null;
  rated_at: Date | null;
  reopened_as: string | null;
  reopened_from: string | null;
  answer_draft: string | null;
  answer_draft_outcome: string | null;
  answer_draft_remedies: string | null;
  answer_drafted_by: string | null;
  answer_drafted_at: Date | null;
  answer_review: string | null;
  answer_review_comment: string | null;
  answer_approved_by: string | null;
  location_lat: number | null;
  location_lon: number | null;
  search: ColumnType<string, never, never>;
}

export interface EpeopleCaseEventTable {
  id: Generated<number>;
  case_id: string;
  kind: string;
  at: Date;
  actor_id: string | null;
  from_agency_id: string | null;
  to_agency_id: string | null;
  note: string | null;
  due_at: Date | null;
}

export interface EpeopleRoutingRuleTable {
  id: string;
  priority: number;
  case_type: string | null;
  category: string | null;
  location_contains: string | null;
  agency_id: string;
}

export interface EpeopleDraftTable {
  person_id: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Date;
}

export interface EpeopleCaseSupporterTable {
  case_id: string;
  person_id: string;
  joined_at: Date;
}

export type CaseRow = Omit<Selectable<EpeopleCaseTable>, 'search'>;
export type CaseEventRow = Selectable<EpeopleCaseEventTable>;
export type RoutingRuleRow = Selectable<EpeopleRoutingRuleTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    epeople_case: EpeopleCaseTable;
    epeople_case_event: EpeopleCaseEventTable;
    epeople_routing_rule: EpeopleRoutingRuleTable;
    epeople_draft: EpeopleDraftTable;
    epeople_case_supporter: EpeopleCaseSupporterTable;
  }
}

/** The second-slice columns of a case just filed: nothing has happened to it yet. */
export const FRESH_CASE_FIELDS = {
  progress_notice_at: null,
  escalated_at: null,
  proposed_extension_amount: null,
  proposed_extension_reason: null,
  proposed_extension_due_at: null,
  answer_outcome: null,
  answer_remedies: null,
  satisfaction: null,
  satisfaction_comment: null,
  rated_at: null,
  reopened_as: null,
  reopened_from: null,
  answer_draft: null,
  answer_draft_outcome: null,
  answer_draft_remedies: null,
  answer_drafted_by: null,
  answer_drafted_at: null,
  answer_review: null,
  answer_review_comment: null,
  answer_approved_by: null,
  location_lat: null,
  location_lon: null,
} as const satisfies Partial<CaseRow>;
