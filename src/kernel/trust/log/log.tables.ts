import type { Generated, Selectable } from 'kysely';

export interface TlogKeyTable {
  id: number;
  origin: string;
  public_key: Uint8Array;
  wrapped_private_key: Uint8Array;
  created_at: Date;
}

export interface TlogPendingTable {
  id: Generated<number>;
  event_type: string;
  entry: Uint8Array;
  created_at: Date;
}

export interface TlogEntryTable {
  idx: number;
  pending_id: number;
  event_type: string;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  appended_at: Date;
  integrated_at: Date;
}

export interface TlogTileTable {
  level: number;
  idx: number;
  width: number;
  data: Uint8Array;
}

export interface TlogCheckpointTable {
  size: number;
  root_hash: Uint8Array;
  note: string;
  created_at: Date;
}

export type TlogKeyRow = Selectable<TlogKeyTable>;
export type TlogPendingRow = Selectable<TlogPendingTable>;
export type TlogEntryRow = Selectable<TlogEntryTable>;
export type TlogCheckpointRow = Selectable<TlogCheckpointTable>;

declare module '../../db/schema.js' {
  interface Database {
    tlog_key: TlogKeyTable;
    tlog_pending: TlogPendingTable;
    tlog_entry: TlogEntryTable;
    tlog_tile: TlogTileTable;
    tlog_checkpoint: TlogCheckpointTable;
  }
}
