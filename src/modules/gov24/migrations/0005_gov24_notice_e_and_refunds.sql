-- Notice e: the citizen's consent to have their facts checked against the eligibility rules.
create table gov24_notice_consent (
  person_id text primary key references person (id),
  consented_at timestamptz not null
);

-- Claims of money an agency holds for the citizen (un-refunded tax, overpaid premiums...).
create table gov24_refund_claim (
  id text primary key,
  person_id text not null references person (id),
  -- The holder's reference for the money (RefundSource), unique per person.
  refund_code text not null,
  agency_code text not null,
  amount_krw integer not null,
  bank_account text not null,
  claimed_at timestamptz not null,
  unique (person_id, refund_code)
);
