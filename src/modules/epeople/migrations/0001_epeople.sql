-- e-People: civil petitions (complaints, proposals, inquiries, reports, appeals), their history,
-- the routing rules that send them to an agency, and the filer's unfinished filing.
create sequence epeople_case_number_seq;

create table epeople_case (
  id text primary key,
  -- Public reference, e.g. EP-2026-000123.
  number text not null unique,
  type text not null,
  category text,
  title text not null,
  content text not null,
  location_address text,
  is_public boolean not null,
  -- The language the case was filed in, so staff can translate the answer.
  locale text not null,
  filer_id text not null references person (id),
  -- Null while the case waits in the triage queue.
  agency_id text references organisation (id),
  assigned_official_id text references person (id),
  status text not null,
  -- Keyed hash of the normalised title and content, to count repeated petitions (never published).
  content_hash text not null,
  -- Random salt of the content hash published in the transparency log (given to the filer with the receipt).
  content_salt text not null,
  received_at timestamptz not null,
  due_at timestamptz not null,
  paused_at timestamptz,
  supplement_requests integer not null default 0,
  extensions integer not null default 0,
  answer text,
  answered_at timestamptz,
  answered_by text references person (id),
  -- The answer as a compact JWS signed with the official's certificate (x5c chain, sigT).
  answer_jws text,
  answer_certificate_serial text,
  log_pending_id bigint,
  search tsvector generated always as (to_tsvector('simple', title || ' ' || content)) stored
);

create index epeople_case_filer on epeople_case (filer_id, received_at desc);
create index epeople_case_agency on epeople_case (agency_id, status, due_at);
create index epeople_case_filer_hash on epeople_case (filer_id, content_hash);
create index epeople_case_search on epeople_case using gin (search);

-- The case history the filer and officials see: every step, in order.
create table epeople_case_event (
  id bigint generated always as identity primary key,
  case_id text not null references epeople_case (id) on delete cascade,
  kind text not null,
  at timestamptz not null,
  actor_id text references person (id),
  from_agency_id text references organisation (id),
  to_agency_id text references organisation (id),
  note text,
  due_at timestamptz
);

create index epeople_case_event_case on epeople_case_event (case_id, id);

-- Routing: the most specific matching rule (lowest priority number first) names the agency.
create table epeople_routing_rule (
  id text primary key,
  priority integer not null,
  case_type text,
  category text,
  -- Matches when the case's address contains this text (a town or district name).
  location_contains text,
  agency_id text not null references organisation (id)
);

create index epeople_routing_rule_priority on epeople_routing_rule (priority, id);

-- A filing in progress (the question pages), one per person, removed on submit.
create table epeople_draft (
  person_id text primary key references person (id) on delete cascade,
  answers jsonb not null,
  updated_at timestamptz not null
);
