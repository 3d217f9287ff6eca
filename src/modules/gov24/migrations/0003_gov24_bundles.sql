-- Life-event bundles: one journey whose parts are applications to several agencies.
alter table gov24_application add column bundle_id text;
alter table gov24_application add column bundle_code text;
-- The part's place in the bundle (the order of the journey and of the status list).
alter table gov24_application add column bundle_part integer;

create index gov24_application_bundle on gov24_application (bundle_id) where bundle_id is not null;
