-- Citizen-consented lookups (mode 3): the person approves, in a portal, that one agency's service
-- may fetch named fields of named items for one application. A consent is used by one lookup.
create table sharing_consent (
  id text primary key,
  person_id text not null references person (id),
  consumer_id text not null references organisation (id),
  service_code text not null,
  service_name text not null,
  -- The application the consent is for (in the portal named by channel, e.g. a Gov24 application id).
  application_ref text not null,
  channel text not null,
  -- [{ "itemCode": "resident-registration", "fields": ["name", "birthDate"] }]
  items jsonb not null,
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by_access_id text
);
create index sharing_consent_person on sharing_consent (person_id, consumer_id, service_code, granted_at desc);

-- The consent an access was made under (null for lookups under an approval).
alter table sharing_access add column consent_id text references sharing_consent (id);
