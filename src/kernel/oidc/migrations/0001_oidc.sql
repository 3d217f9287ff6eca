-- Nara as an OpenID Connect provider (oidc-provider). Every artefact the provider stores
-- (sessions, interactions, grants, authorization codes, access and refresh tokens) is one row
-- keyed by (model, id): the standard oidc-provider adapter shape. Registered relying parties are
-- rows of model 'Client' with no expiry; their payload is the client metadata, with a client
-- secret only as its SHA-256 hash. Expiry times come from the provider (wall-clock time).
create table oidc_payload (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index oidc_payload_grant_id on oidc_payload (model, grant_id) where grant_id is not null;
create index oidc_payload_user_code on oidc_payload (model, user_code) where user_code is not null;
create index oidc_payload_uid on oidc_payload (model, uid) where uid is not null;
create index oidc_payload_expires_at on oidc_payload (expires_at) where expires_at is not null;

-- The provider's ID token signing keys (JWK), made on first start. The private half is wrapped
-- with AES-256-GCM under a KEK derived from NARA_SECRET_KEY (trust/signing/key-wrap.ts).
create table oidc_signing_key (
  kid text primary key,
  alg text not null,
  public_jwk jsonb not null,
  wrapped_private_key bytea not null,
  created_at timestamptz not null
);
