-- What a tender publishes besides its price rules: a description, the clarification deadline,
-- the items bought (UNSPSC codes and quantities), the questions and answers published to all,
-- amendments and cancellation. Each change is also a public act in the transparency log.

alter table procurement_tender add column description text not null default '' check (length(description) <= 10000);
alter table procurement_tender add column clarification_deadline timestamptz;
alter table procurement_tender add column cancelled_at timestamptz;
alter table procurement_tender add column cancel_reason text check (cancel_reason is null or length(cancel_reason) between 1 and 2000);

-- The items of a tender, in the order the agency listed them.
create table procurement_tender_item (
  tender_id text not null references procurement_tender (id),
  position integer not null check (position >= 1),
  unspsc text not null check (unspsc ~ '^[0-9]{8}$'),
  description text not null check (length(description) between 1 and 500),
  quantity integer not null check (quantity > 0),
  unit text not null check (length(unit) between 1 and 40),
  primary key (tender_id, position)
);

-- A vendor's question and the agency's answer, both published to everyone. Who asked is kept
-- (to stop abuse) but never published, so competitors cannot tell who is interested.
create table procurement_clarification (
  id text primary key,
  tender_id text not null references procurement_tender (id),
  question text not null check (length(question) between 1 and 4000),
  asked_by_vendor text not null,
  asked_by text not null,
  asked_at timestamptz not null,
  answer text check (answer is null or length(answer) between 1 and 8000),
  answered_by text,
  answered_at timestamptz
);
create index procurement_clarification_tender on procurement_clarification (tender_id, asked_at);

-- Amendments; one that changes requirements moved the deadlines by at least the configured minimum.
create table procurement_amendment (
  id text primary key,
  tender_id text not null references procurement_tender (id),
  -- 1, 2, 3... per tender: amendments made in the same instant still have an order.
  number integer not null check (number >= 1),
  summary text not null check (length(summary) between 1 and 4000),
  changes_requirements boolean not null,
  previous_bid_deadline timestamptz not null,
  bid_deadline timestamptz not null,
  opening_at timestamptz not null,
  amended_by text not null,
  amended_at timestamptz not null
);
create unique index procurement_amendment_tender on procurement_amendment (tender_id, number);
