import type { ColumnType, Generated, Selectable } from 'kysely';
import type { EcPublicJwk } from '../../kernel/trust/threshold/threshold.js';

export interface EpeopleProtectionOfficerTable {
  agency_id: string;
  person_id: string;
  public_jwk: ColumnType<EcPublicJwk, string, string>;
  designated_at: Date;
}

export interface EpeopleSealedIdentityTable {
  case_id: string;
  agency_id: string;
  threshold: number;
  is_proxy: boolean;
  ciphertext: string;
  sealed_at: Date;
}

export interface EpeopleIdentityShareTable {
  case_id: string;
  person_id: string;
  jwe: string;
  fingerprint: string;
}

export interface EpeopleIdentityOpeningTable {
  id: string;
  case_id: string;
  reason: string;
  requested_by: string;
  requested_at: Date;
  pending_share: Buffer | null;
  completed_by: string | null;
  completed_at: Date | null;
  log_pending_id: number | null;
}

export interface EpeopleCaseCodeTable {
  case_id: string;
  code_hash: string;
  created_at: Date;
}

export interface EpeopleInboxMessageTable {
  id: Generated<number>;
  case_id: string;
  kind: 'question' | 'reply';
  body: string;
  author_id: string | null;
  at: Date;
}

export type ProtectionOfficerRow = Selectable<EpeopleProtectionOfficerTable>;
export type SealedIdentityRow = Selectable<EpeopleSealedIdentityTable>;
export type IdentityOpeningRow = Selectable<EpeopleIdentityOpeningTable>;
export type InboxMessageRow = Selectable<EpeopleInboxMessageTable>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    epeople_protection_officer: EpeopleProtectionOfficerTable;
    epeople_sealed_identity: EpeopleSealedIdentityTable;
    epeople_identity_share: EpeopleIdentityShareTable;
    epeople_identity_opening: EpeopleIdentityOpeningTable;
    epeople_case_code: EpeopleCaseCodeTable;
    epeople_inbox_message: EpeopleInboxMessageTable;
  }
}
