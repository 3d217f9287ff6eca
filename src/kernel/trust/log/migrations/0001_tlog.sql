-- The transparency log (C2SP tlog-tiles, tlog-checkpoint, signed-note). Appends land in
-- tlog_pending, inside the caller's transaction when it has one. The sequencer (one at a time
-- across processes: pg_try_advisory_xact_lock in its batch transaction) moves a batch of pending
-- rows into tlog_entry with consecutive indexes, rewrites the rightmost tile at each level and
-- signs a new checkpoint, all in one transaction: a checkpoint is persisted before it is served
-- and always extends the one before it. Every time comes from the application clock.

-- The log's identity: its origin (also the signing key's name) and its Ed25519 key, the private
-- half wrapped under a KEK derived from NARA_SECRET_KEY. One row; the origin never changes.
create table tlog_key (
  id smallint primary key check (id = 1),
  origin text not null,
  public_key bytea not null check (length(public_key) = 32),
  wrapped_private_key bytea not null,
  created_at timestamptz not null
);

-- Appends waiting to be sequenced. The id is the caller's handle until the entry has an index.
create table tlog_pending (
  id bigint generated always as identity primary key,
  event_type text not null,
  entry bytea not null check (length(entry) between 1 and 65535),
  created_at timestamptz not null
);

-- Sequenced entries: canonical JSON (RFC 8785) of a typed public event, at 0-based index idx.
-- Entry bundles (tile/entries/...) are built from these rows when asked for.
create table tlog_entry (
  idx bigint primary key check (idx >= 0),
  pending_id bigint not null unique,
  event_type text not null,
  entry bytea not null,
  leaf_hash bytea not null check (length(leaf_hash) = 32),
  appended_at timestamptz not null,
  integrated_at timestamptz not null
);
create index tlog_entry_leaf_hash on tlog_entry (leaf_hash);

-- Hash tiles: the latest version of each tile (width 1..256 hashes of 32 bytes). Tiles only
-- grow, so the partial tile for any checkpointed size is a prefix of the stored one.
create table tlog_tile (
  level smallint not null check (level between 0 and 63),
  idx bigint not null check (idx >= 0),
  width smallint not null check (width between 1 and 256),
  data bytea not null check (length(data) = 32 * width),
  primary key (level, idx)
);

-- Every signed checkpoint, by tree size (strictly increasing). note is the signed-note text.
create table tlog_checkpoint (
  size bigint primary key check (size >= 0),
  root_hash bytea not null check (length(root_hash) = 32),
  note text not null,
  created_at timestamptz not null
);
