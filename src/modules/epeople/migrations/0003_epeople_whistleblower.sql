-- e-People: whistleblower protection (docs/epeople-whistleblower.md). A corruption or
-- public-interest report can be filed with the reporter's identity sealed: encrypted so that two
-- of the handling body's protection officers together can open it. The case then has no filer of
-- record (or the proxy, a lawyer, who filed it), and the reporter follows it with a case code.

-- A sealed report filed by the reporter has no filer of record at all.
alter table epeople_case alter column filer_id drop not null;

-- The protection officers of each handling body, and the public half of each one's protection
-- key (P-256; the private half stays on the officer's device).
create table epeople_protection_officer (
  agency_id text not null references organisation (id),
  person_id text not null references person (id),
  public_jwk jsonb not null,
  designated_at timestamptz not null,
  primary key (agency_id, person_id)
);

-- The sealed identity of a report: the identity document encrypted with a random key (JWE, dir,
-- A256GCM); that key split 2-of-n among the protection officers (epeople_identity_share).
create table epeople_sealed_identity (
  case_id text primary key references epeople_case (id) on delete cascade,
  agency_id text not null references organisation (id),
  threshold integer not null,
  -- Filed by a proxy (a lawyer): the proxy is the case's filer of record.
  is_proxy boolean not null,
  ciphertext text not null,
  sealed_at timestamptz not null
);

-- One share of the report's key per protection officer, encrypted to that officer's key, and a
-- fingerprint of the plaintext share so that an officer can release only their own share.
create table epeople_identity_share (
  case_id text not null references epeople_sealed_identity (case_id) on delete cascade,
  person_id text not null references person (id),
  jwe text not null,
  fingerprint text not null,
  primary key (case_id, person_id)
);

-- Openings of a sealed identity: the first officer's released share waits (alone it reveals
-- nothing) until a second officer releases theirs; then it is erased and the opening completed.
create table epeople_identity_opening (
  id text primary key,
  case_id text not null references epeople_sealed_identity (case_id) on delete cascade,
  reason text not null,
  requested_by text not null references person (id),
  requested_at timestamptz not null,
  pending_share bytea,
  completed_by text references person (id),
  completed_at timestamptz,
  log_pending_id bigint
);

create index epeople_identity_opening_case on epeople_identity_opening (case_id, requested_at);

-- The reporter's case code (shown once at filing), kept only as a keyed hash.
create table epeople_case_code (
  case_id text primary key references epeople_case (id) on delete cascade,
  code_hash text not null unique,
  created_at timestamptz not null
);

-- The anonymous inbox: handlers' questions to the reporter and the reporter's replies.
create table epeople_inbox_message (
  id bigint generated always as identity primary key,
  case_id text not null references epeople_case (id) on delete cascade,
  -- question (from a handler) or reply (from the reporter, through the case code or as proxy).
  kind text not null,
  body text not null,
  author_id text references person (id),
  at timestamptz not null
);

create index epeople_inbox_message_case on epeople_inbox_message (case_id, id);
