-- The award decision after opening, its standstill period, and bidders' complaints. A pending
-- complaint suspends the award until it is decided; decisions carry published reasons.

create table procurement_award (
  tender_id text primary key references procurement_tender (id),
  bid_id text not null,
  vendor_id text not null,
  price bigint not null check (price > 0),
  decided_by text not null,
  decided_at timestamptz not null,
  standstill_ends_at timestamptz not null check (standstill_ends_at > decided_at),
  -- An upheld complaint annuls the award; its reasons are in the complaint.
  annulled_at timestamptz
);

create table procurement_complaint (
  id text primary key,
  tender_id text not null references procurement_tender (id),
  vendor_id text not null,
  filed_by text not null,
  filed_at timestamptz not null,
  grounds text not null check (length(grounds) between 1 and 8000),
  status text not null check (status in ('pending', 'upheld', 'dismissed')),
  decision_reasons text check (decision_reasons is null or length(decision_reasons) between 1 and 8000),
  decided_by text,
  decided_at timestamptz
);
create index procurement_complaint_tender on procurement_complaint (tender_id, filed_at);
create index procurement_complaint_vendor on procurement_complaint (vendor_id, filed_at);
