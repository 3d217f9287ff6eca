import type { Selectable } from 'kysely';

export interface EpeopleAttachmentTable {
  id: string;
  person_id: string;
  /** Null while the file belongs to the person's unfinished filing. */
  case_id: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_at: Date;
}

export type AttachmentRow = Selectable<EpeopleAttachmentTable>;
export type AttachmentInfo = Omit<AttachmentRow, 'content'>;

declare module '../../kernel/db/schema.js' {
  interface Database {
    epeople_attachment: EpeopleAttachmentTable;
  }
}
