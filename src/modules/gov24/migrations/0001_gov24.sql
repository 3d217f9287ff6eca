-- Gov24: the catalogue of services agencies publish (versioned), citizens' applications and
-- their history. Trigram search needs pg_trgm (trusted since PostgreSQL 13; PGlite loads it).
create extension if not exists pg_trgm;

create table gov24_service (
  id text primary key,
  -- Stable public code, e.g. passport-issuance or CITY-NURI.resident-parking-permit.
  code text not null unique,
  agency_id text not null references organisation (id),
  category text not null,
  -- A life event the service belongs to (moving, birth, ...) or null.
  life_event text,
  -- all, child, youth, adult or senior.
  age_group text not null,
  -- True when the service has an online application form.
  is_applicable boolean not null,
  current_version integer not null,
  name_en text not null,
  name_ko text not null,
  -- Names, descriptions and keywords of the current version in both languages, for search.
  search_text text not null,
  search tsvector generated always as (to_tsvector('simple', search_text)) stored
);

create index gov24_service_browse on gov24_service (category, age_group, life_event);
create index gov24_service_search on gov24_service using gin (search);
create index gov24_service_trigram on gov24_service using gin (search_text gin_trgm_ops);

-- Every published version of a service: applications keep the version they started with.
create table gov24_service_version (
  service_id text not null references gov24_service (id) on delete cascade,
  version integer not null,
  definition jsonb not null,
  published_at timestamptz not null,
  primary key (service_id, version)
);

create sequence gov24_application_number_seq;

create table gov24_application (
  id text primary key,
  -- Given at submission, e.g. G24-2026-000042.
  number text unique,
  service_id text not null references gov24_service (id),
  service_version integer not null,
  applicant_id text not null references person (id),
  agency_id text not null references organisation (id),
  -- draft, received, assigned, in_review, supplement_requested, approved, refused, withdrawn.
  status text not null,
  answers jsonb not null,
  -- What the applicant agreed to have fetched: [{ item, agencyCode }], with the time.
  consent jsonb,
  consented_at timestamptz,
  -- The facts fetched under that consent (only the consented items).
  facts jsonb,
  fee_krw integer not null default 0,
  payment_reference text,
  -- SHA-256 of the canonical application document the applicant confirmed.
  document_sha256 text,
  -- Random salt of the applicant commitment in the transparency log (given to the applicant).
  subject_salt text,
  submitted_at timestamptz,
  due_at timestamptz,
  assigned_official_id text references person (id),
  decision text,
  decision_reasons text,
  decision_remedy text,
  decision_jws text,
  decision_certificate_serial text,
  decided_at timestamptz,
  log_pending_id bigint,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create index gov24_application_applicant on gov24_application (applicant_id, created_at desc);
create index gov24_application_queue on gov24_application (agency_id, status, due_at);

-- The timeline the applicant and officials see.
create table gov24_application_event (
  id bigint generated always as identity primary key,
  application_id text not null references gov24_application (id) on delete cascade,
  kind text not null,
  at timestamptz not null,
  actor_id text references person (id),
  note text
);

create index gov24_application_event_app on gov24_application_event (application_id, id);
