import type { ColumnType, Selectable } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface OidcPayloadTable {
  model: string;
  id: string;
  payload: Json;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OidcSigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: Json;
  wrapped_private_key: Uint8Array;
  created_at: Date;
}

export type OidcPayloadRow = Selectable<OidcPayloadTable>;
export type OidcSigningKeyRow = Selectable<OidcSigningKeyTable>;

declare module '../db/schema.js' {
  interface Database {
    oidc_payload: OidcPayloadTable;
    oidc_signing_key: OidcSigningKeyTable;
  }
}
