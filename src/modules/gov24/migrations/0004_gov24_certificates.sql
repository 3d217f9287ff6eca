-- Certificates issued instantly from registry data (resident registration abstract, family
-- relations, tax payment). The content is fixed at issue (its hash is in the transparency log);
-- the sealed PDF is made once, when the log has integrated the issue, and kept byte for byte.
create sequence gov24_certificate_number_seq;

create table gov24_certificate (
  id text primary key,
  -- e.g. RRA-2026-000042: the kind's code, the year, a running number.
  number text not null unique,
  -- Given with the number to whoever may verify the certificate (printed on it, in its QR code).
  check_code text not null,
  kind text not null,
  holder_id text not null references person (id),
  agency_id text not null references organisation (id),
  -- What the certificate states, as issued (RFC 8785 canonical JSON hashed into content_sha256).
  content jsonb not null,
  content_sha256 text not null,
  language text not null,
  issued_at timestamptz not null,
  log_pending_id bigint not null,
  pdf bytea,
  pdf_sha256 text,
  sealed_at timestamptz,
  -- valid or revoked (by the holder; the reason is theirs).
  status text not null default 'valid',
  revoked_at timestamptz
);

create index gov24_certificate_holder on gov24_certificate (holder_id, issued_at desc);
