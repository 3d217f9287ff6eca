-- Documents an applicant uploads because no agency holds the fact (type and size checked on upload).
create table gov24_application_document (
  application_id text not null references gov24_application (id) on delete cascade,
  -- The document's name in the service definition, e.g. leaseContract.
  name text not null,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  uploaded_at timestamptz not null,
  primary key (application_id, name)
);
