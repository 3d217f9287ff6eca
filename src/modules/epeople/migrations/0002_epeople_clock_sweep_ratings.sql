-- e-People, second slice: the clock sweep (progress notice, escalation), a further extension
-- proposed to the filer for consent, the kind of answer (a refusal carries its remedies), the
-- filer's satisfaction rating and reopening, and people who joined an existing case.

-- When the automatic 30-day progress notice went out (at most once per case).
alter table epeople_case add column progress_notice_at timestamptz;
-- When the supervisor was told that the due time is near (at most once per due time).
alter table epeople_case add column escalated_at timestamptz;
-- A further extension the agency proposed, waiting for the filer's consent in their case page.
alter table epeople_case add column proposed_extension_amount integer;
alter table epeople_case add column proposed_extension_reason text;
alter table epeople_case add column proposed_extension_due_at timestamptz;
-- accepted, partly_accepted or refused; a refusal states the remedies open to the filer.
alter table epeople_case add column answer_outcome text;
alter table epeople_case add column answer_remedies text;
-- The filer's rating after the answer: satisfied, neutral or dissatisfied.
alter table epeople_case add column satisfaction text;
alter table epeople_case add column satisfaction_comment text;
alter table epeople_case add column rated_at timestamptz;
-- A dissatisfied filer's follow-up case (a grievance or an appeal) and the case it came from.
alter table epeople_case add column reopened_as text references epeople_case (id);
alter table epeople_case add column reopened_from text references epeople_case (id);

-- The sweep reads open cases by receipt and by due time.
create index epeople_case_open_received on epeople_case (received_at) where status not in ('answered', 'closed');
create index epeople_case_open_due on epeople_case (due_at) where status not in ('answered', 'closed');

-- People who joined an existing case instead of filing the same thing again.
create table epeople_case_supporter (
  case_id text not null references epeople_case (id) on delete cascade,
  person_id text not null references person (id) on delete cascade,
  joined_at timestamptz not null,
  primary key (case_id, person_id)
);
