-- Nara's certificate authorities. Private keys are stored only wrapped (AES-256-GCM under a KEK
-- derived from NARA_SECRET_KEY); certificates and CRLs as DER. Every time comes from the kernel clock.
create table trust_key (
  id text primary key,
  algorithm text not null check (algorithm in ('ES256', 'EdDSA')),
  -- DER SubjectPublicKeyInfo, in clear.
  public_key bytea not null,
  -- key-wrap.ts version 1 envelope of the PKCS#8 private key; the AAD binds it to id and algorithm.
  wrapped_private_key bytea not null,
  created_at timestamptz not null
);

-- root: the platform root (one); agency: one per agency; business: the one CA for businesses.
create table certificate_authority (
  id text primary key,
  kind text not null check (kind in ('root', 'agency', 'business')),
  organisation_id text references organisation (id),
  certificate bytea not null,
  key_id text not null references trust_key (id),
  next_crl_number bigint not null default 1,
  created_at timestamptz not null,
  check ((kind = 'agency') = (organisation_id is not null))
);
-- Several processes may race to create the same CA: these make exactly one win.
create unique index certificate_authority_platform on certificate_authority (kind) where organisation_id is null;
create unique index certificate_authority_agency on certificate_authority (organisation_id) where organisation_id is not null;

create table certificate (
  -- Lower-case hex, as X509Certificate.serialNumber prints it.
  serial text primary key,
  ca_id text not null references certificate_authority (id),
  subject_kind text not null check (subject_kind in ('official', 'system', 'business')),
  person_id text references person (id),
  organisation_id text not null references organisation (id),
  key_id text not null references trust_key (id),
  subject text not null,
  der bytea not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  revoked_at timestamptz,
  revocation_reason text,
  renewed_from text references certificate (serial),
  created_at timestamptz not null,
  check ((status = 'revoked') = (revoked_at is not null and revocation_reason is not null))
);
create index certificate_person on certificate (person_id, organisation_id, not_after desc) where person_id is not null;
create index certificate_organisation on certificate (organisation_id, created_at desc);
create index certificate_revoked on certificate (ca_id) where status = 'revoked';

-- Every CRL a CA has published; the newest is served at /pki/crl/<ca id>.crl.
create table certificate_revocation_list (
  ca_id text not null references certificate_authority (id),
  number bigint not null,
  der bytea not null,
  this_update timestamptz not null,
  next_update timestamptz not null,
  primary key (ca_id, number)
);
