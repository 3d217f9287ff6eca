-- e-Procurement: vendors, debarments, opening officials' keys, tenders with their sealed reserve
-- prices and opening key shares, and sealed bids. Nothing here lets anyone read a bid or the
-- reserve prices before opening: both are stored only as JWE to the tender's opening key, whose
-- private half exists only as k-of-n shares encrypted to the opening officials' own keys
-- (docs/procurement-sealed-bids.md).

-- One registration lets a business bid for any agency.
create table procurement_vendor (
  organisation_id text primary key,
  categories text[] not null,
  contact_email text not null check (length(contact_email) between 3 and 254),
  registered_by text not null,
  registered_at timestamptz not null
);

-- A debarment blocks bidding from starts_at until ends_at.
create table procurement_debarment (
  id text primary key,
  organisation_id text not null,
  reason text not null check (length(reason) between 1 and 2000),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  decided_by text not null,
  created_at timestamptz not null
);
create index procurement_debarment_org on procurement_debarment (organisation_id, ends_at);

-- An opening official's own public key (P-256 ECDH, JWK); the private half stays with them.
create table procurement_opening_key (
  person_id text primary key,
  public_jwk jsonb not null,
  created_at timestamptz not null
);

create table procurement_tender (
  id text primary key,
  agency_id text not null,
  title text not null check (length(title) between 1 and 300),
  kind text not null check (kind in ('goods', 'services', 'works')),
  award_method text not null check (award_method in ('lowest_above_floor', 'multiple_reserve_price')),
  base_amount bigint not null check (base_amount > 0),
  band_basis_points integer not null check (band_basis_points between 1 and 1000),
  floor_rate_millis integer not null check (floor_rate_millis between 1 and 100000),
  published_at timestamptz not null,
  bid_deadline timestamptz not null check (bid_deadline > published_at),
  opening_at timestamptz not null check (opening_at >= bid_deadline),
  status text not null check (status in ('open', 'opened', 'cancelled')),
  threshold integer not null check (threshold >= 2),
  opening_public_jwk jsonb not null,
  -- {prices, salt} sealed to the opening key; its commitment is in the transparency log.
  sealed_reserve_prices text not null,
  reserve_commitment text not null,
  -- Published at opening: the reserve prices and salt, and the full result.
  revealed_reserve jsonb,
  result jsonb,
  opened_at timestamptz
);
create index procurement_tender_status on procurement_tender (status, bid_deadline);

-- One share of a tender's opening key per designated opening official.
create table procurement_opening_share (
  tender_id text not null references procurement_tender (id),
  person_id text not null,
  jwe text not null,
  released_share bytea,
  released_at timestamptz,
  primary key (tender_id, person_id)
);

-- Sealed bids. Only the last valid bid of a vendor counts; replaced and withdrawn ones are kept.
create table procurement_bid (
  id text primary key,
  tender_id text not null references procurement_tender (id),
  vendor_id text not null,
  submitted_by text not null,
  sealed text not null,
  commitment text not null,
  statement_jws text not null,
  submitted_at timestamptz not null,
  status text not null check (status in ('valid', 'replaced', 'withdrawn'))
);
create index procurement_bid_tender on procurement_bid (tender_id, vendor_id, status);
