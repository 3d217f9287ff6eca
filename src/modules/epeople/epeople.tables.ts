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
  filer_id: string;
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

export type CaseRow = Omit<Selectable<EpeopleCaseTable>, 'search'>;
export type CaseEventRow = Selectable<EpeopleCaseEventTable>;
export type RoutingRuleRow = Selectable<EpeopleRoutingRuleTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    epeople_case: EpeopleCaseTable;
    epeople_case_event: EpeopleCaseEventTable;
    epeople_routing_rule: EpeopleRoutingRuleTable;
    epeople_draft: EpeopleDraftTable;
  }
}
