-- Monitoring alerts reach the provider agencies whose items were looked up, as well as auditors;
-- a "no later action" alert names the one access it is about.
alter table sharing_alert add column provider_ids jsonb not null default '[]';
alter table sharing_alert add column access_id text references sharing_access (id);
