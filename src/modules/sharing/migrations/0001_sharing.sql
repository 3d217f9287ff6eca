-- Public information sharing: the demo base registries that provider agencies keep in Nara, the
-- information items they publish, the approvals consumers hold, every access, and the signed
-- messages exchanged for each lookup.

-- Dates in the registries are ISO text (YYYY-MM-DD), so both drivers return them as written.

-- Resident registration (provider: the interior ministry): one row per resident.
create table sharing_resident (
  person_id text primary key references person (id),
  provider_id text not null references organisation (id),
  name text not null,
  birth_date text not null check (birth_date ~ '^\d{4}-\d{2}-\d{2}$'),
  household_id text not null,
  is_household_head boolean not null
);
create index sharing_resident_household on sharing_resident (household_id);

-- Address history: the current address has no moved_out_on.
create table sharing_address (
  id bigint generated always as identity primary key,
  person_id text not null references sharing_resident (person_id),
  address text not null,
  moved_in_on text not null check (moved_in_on ~ '^\d{4}-\d{2}-\d{2}$'),
  moved_out_on text check (moved_out_on ~ '^\d{4}-\d{2}-\d{2}$')
);
create index sharing_address_person on sharing_address (person_id, moved_in_on);

-- Family relations register: one row per direction (parent, child, spouse).
create table sharing_family_relation (
  person_id text not null references person (id),
  relative_id text not null references person (id),
  relation text not null,
  primary key (person_id, relative_id)
);

-- Income and tax payment status per tax year (provider: the national tax service).
create table sharing_income_tax (
  person_id text not null references person (id),
  tax_year integer not null,
  annual_income bigint not null,
  unpaid_national_tax bigint not null,
  unpaid_local_tax bigint not null,
  primary key (person_id, tax_year)
);

create table sharing_military_service (
  person_id text primary key references person (id),
  status text not null,
  branch text,
  discharged_on text check (discharged_on ~ '^\d{4}-\d{2}-\d{2}$')
);

create table sharing_vehicle (
  plate text primary key,
  owner_id text not null references person (id),
  model text not null,
  registered_on text not null check (registered_on ~ '^\d{4}-\d{2}-\d{2}$')
);
create index sharing_vehicle_owner on sharing_vehicle (owner_id);

create table sharing_licence (
  person_id text not null references person (id),
  licence_code text not null,
  issued_on text not null check (issued_on ~ '^\d{4}-\d{2}-\d{2}$'),
  primary key (person_id, licence_code)
);

create table sharing_property (
  id text primary key,
  owner_id text not null references person (id),
  kind text not null,
  address text not null,
  area_m2 integer not null,
  assessed_value bigint not null
);
create index sharing_property_owner on sharing_property (owner_id);

create table sharing_business (
  registration_number text primary key,
  owner_id text not null references person (id),
  trade_name text not null,
  status text not null,
  opened_on text not null check (opened_on ~ '^\d{4}-\d{2}-\d{2}$')
);
create index sharing_business_owner on sharing_business (owner_id);

create table sharing_welfare_status (
  person_id text primary key references person (id),
  disability_registered boolean not null,
  disability_severity text,
  basic_livelihood boolean not null
);

-- Information items a provider publishes: named, versioned, with fields and the legal bases
-- under which they may be given.
create table sharing_item (
  code text not null,
  version integer not null,
  provider_id text not null references organisation (id),
  name_en text not null,
  name_ko text not null,
  -- [{ "name": "annualIncome", "personal": true, "sensitive": true }]
  fields jsonb not null,
  -- [{ "name": "predicateCode", "field": "annualIncome" }]
  predicates jsonb not null,
  legal_bases jsonb not null,
  published_at timestamptz not null,
  primary key (code, version)
);

-- A consumer agency's application to use an item's fields for one named service.
create table sharing_approval (
  id text primary key,
  consumer_id text not null references organisation (id),
  provider_id text not null references organisation (id),
  item_code text not null,
  item_version integer not null,
  service_code text not null,
  service_name text not null,
  legal_basis text not null,
  fields jsonb not null,
  predicates jsonb not null,
  status text not null,
  applied_by text references person (id),
  applied_at timestamptz not null,
  decided_by text references person (id),
  decided_at timestamptz,
  refusal_reason text,
  expires_at timestamptz not null,
  foreign key (item_code, item_version) references sharing_item (code, version)
);
create index sharing_approval_consumer on sharing_approval (consumer_id, service_code, status);
create index sharing_approval_provider on sharing_approval (provider_id, status);

-- Every lookup, granted or refused.
create table sharing_access (
  id text primary key,
  at timestamptz not null,
  -- No reference: on a provider node, the official belongs to the consumer's node.
  official_id text not null,
  consumer_id text not null references organisation (id),
  person_id text references person (id),
  service_code text not null,
  legal_basis text not null,
  case_kind text,
  case_ref text,
  mode text not null,
  -- [{ "itemCode": "...", "providerId": "...", "fields": [...], "outcome": "given" | "unavailable" }]
  items jsonb not null,
  result text not null,
  refusal_code text,
  -- Opens the commitment in the transparency log entry (hex, 32 bytes).
  commitment_salt text not null,
  log_pending_id bigint
);
create index sharing_access_person on sharing_access (person_id, at desc);
create index sharing_access_official on sharing_access (official_id, at desc);

-- Signed requests and responses of each lookup (non-repudiation).
create table sharing_message (
  id bigint generated always as identity primary key,
  access_id text not null references sharing_access (id),
  direction text not null,
  agency_id text not null references organisation (id),
  certificate_serial text not null,
  jws text not null,
  at timestamptz not null
);
create index sharing_message_access on sharing_message (access_id, id);

-- Monitoring: an alert when an official looks up many different people in a short window.
create table sharing_alert (
  id text primary key,
  kind text not null,
  raised_at timestamptz not null,
  official_id text not null references person (id),
  consumer_id text not null references organisation (id),
  people integer not null,
  window_minutes integer not null
);
create index sharing_alert_official on sharing_alert (official_id, raised_at desc);

-- Node protocol replay protection: request ids a provider node has accepted, kept past the
-- allowed clock skew.
create table sharing_node_request (
  request_id text primary key,
  consumer_id text not null,
  received_at timestamptz not null
);
