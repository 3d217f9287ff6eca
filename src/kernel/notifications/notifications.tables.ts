import type { ColumnType, Selectable } from 'kysely';

export interface NotificationTable {
  id: string;
  person_id: string;
  template: string;
  params: ColumnType<Record<string, unknown>, string, string>;
  created_at: Date;
  read_at: Date | null;
}

export type NotificationRow = Selectable<NotificationTable>;

declare module '../db/schema.js' {
  interface Database {
    notification: NotificationTable;
  }
}
