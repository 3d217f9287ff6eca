-- e-People, third slice: supervisor approval of answers, a map point for the place a case is
-- about, and files attached to a filing (stored with their metadata removed).

-- An answer an official drafted for the supervisor (an agency admin of the body) to approve or
-- return; only an approved draft is signed and sent. Cleared when the answer goes out.
alter table epeople_case add column answer_draft text;
alter table epeople_case add column answer_draft_outcome text;
alter table epeople_case add column answer_draft_remedies text;
alter table epeople_case add column answer_drafted_by text references person (id);
alter table epeople_case add column answer_drafted_at timestamptz;
-- pending (waiting for the supervisor) or returned (with the supervisor's comment).
alter table epeople_case add column answer_review text;
alter table epeople_case add column answer_review_comment text;
-- The supervisor who approved the answer that was sent (null when a supervisor answered directly).
alter table epeople_case add column answer_approved_by text references person (id);

-- A map point (WGS 84 degrees), besides or instead of the address.
alter table epeople_case add column location_lat double precision;
alter table epeople_case add column location_lon double precision;
alter table epeople_case add constraint epeople_case_location_range check (
  (location_lat is null) = (location_lon is null)
  and (location_lat is null or (location_lat between -90 and 90 and location_lon between -180 and 180))
);

-- Files attached while filing: held against the person's draft until the case is filed, then
-- against the case. The content is stored after EXIF, text chunks, XMP and document
-- properties were removed; the type was read from the bytes, not the browser's claim.
create table epeople_attachment (
  id text primary key,
  person_id text not null references person (id) on delete cascade,
  case_id text references epeople_case (id) on delete cascade,
  file_name text not null,
  media_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  uploaded_at timestamptz not null
);

create index epeople_attachment_case on epeople_attachment (case_id) where case_id is not null;
create index epeople_attachment_draft on epeople_attachment (person_id) where case_id is null;
