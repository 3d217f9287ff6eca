import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Locale } from '../i18n/locales.js';

/** Timestamps come back as Date from both drivers; inserts may pass a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type OrganisationKind = 'central_ministry' | 'province' | 'city_district' | 'public_body' | 'business' | 'platform';
export type RoleName = 'citizen' | 'official' | 'agency_admin' | 'vendor' | 'auditor' | 'platform_admin';

export interface OrganisationTable {
  id: string;
  kind: OrganisationKind;
  /** The agency above this one (a city district's province), null at the top. */
  parent_id: string | null;
  code: string;
  name_en: string;
  name_ko: string;
  business_registration_number: string | null;
  created_at: DefaultTimestamp;
}

export interface PersonTable {
  id: string;
  display_name: string;
  given_name: string;
  family_name: string;
  /** A `date` column; repositories read it as 'YYYY-MM-DD' text so both drivers agree. */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_town: string | null;
  address_postcode: string | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  /** AES-256-GCM of the national identification number; never the clear value. */
  nin_ciphertext: string | null;
  /** HMAC-SHA256 (hex) of the normalised NIN, for lookups. */
  nin_hash: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface OfficialTable {
  person_id: string;
  organisation_id: string;
  title: string;
  unit: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  appointed_at: DefaultTimestamp;
}

export interface RoleGrantTable {
  id: Generated<number>;
  person_id: string;
  role: RoleName;
  /** Null: the grant is platform-wide. */
  organisation_id: string | null;
  granted_at: DefaultTimestamp;
}

export interface BusinessMemberTable {
  person_id: string;
  organisation_id: string;
  created_at: DefaultTimestamp;
}

export interface PasskeyCredentialTable {
  /** WebAuthn credential id, base64url. */
  id: string;
  person_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  device_type: string | null;
  backed_up: ColumnType<boolean, boolean | undefined, boolean>;
  nickname: string;
  created_at: DefaultTimestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionTable {
  id: string;
  /** SHA-256 (hex) of the cookie token. */
  token_hash: string;
  person_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  authenticated_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
}

export type ChallengePurpose = 'registration' | 'authentication' | 'reauthentication';

export interface WebauthnChallengeTable {
  id: string;
  challenge: string;
  purpose: ChallengePurpose;
  person_id: string | null;
  session_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiClientTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Public JWK; insert it as a JSON string. */
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
}

export interface UsedAssertionJtiTable {
  client_id: string;
  jti: string;
  expires_at: Timestamp;
}

declare module '../db/schema.js' {
  interface Database {
    organisation: OrganisationTable;
    person: PersonTable;
    official: OfficialTable;
    role_grant: RoleGrantTable;
    business_member: BusinessMemberTable;
    passkey_credential: PasskeyCredentialTable;
    session: SessionTable;
    webauthn_challenge: WebauthnChallengeTable;
    api_client: ApiClientTable;
    used_assertion_jti: UsedAssertionJtiTable;
  }
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type Person = Selectable<PersonTable>;
export type SessionRow = Selectable<SessionTable>;
export type PasskeyCredential = Selectable<PasskeyCredentialTable>;
export type ApiClientRow = Selectable<ApiClientTable>;
