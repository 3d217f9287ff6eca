-- Every person's in-app inbox. A notification stores its template and parameters, not rendered
-- text, so the inbox shows it in whatever language the reader has chosen.
create table notification (
  id uuid primary key,
  person_id text not null references person (id) on delete cascade,
  template text not null,
  params jsonb not null default '{}'::jsonb,
  created_at timestamptz not null,
  read_at timestamptz
);

create index notification_person_created on notification (person_id, created_at desc, id);
create index notification_person_unread on notification (person_id) where read_at is null;
