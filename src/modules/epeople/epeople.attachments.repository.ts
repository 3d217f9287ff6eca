import type { DbOrTx } from '../../kernel/db/database.js';
import type { AttachmentInfo, AttachmentRow } from './epeople.attachments.tables.js';
import './epeople.attachments.tables.js';

const INFO = ['id', 'person_id', 'case_id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'] as const;

export async function insertAttachment(db: DbOrTx, row: AttachmentRow): Promise<void> {
  await db.insertInto('epeople_attachment').values(row).execute();
}

/** The files of a person's unfinished filing, oldest first. */
export async function listDraftAttachments(db: DbOrTx, personId: string): Promise<AttachmentInfo[]> {
  return db.selectFrom('epeople_attachment').select(INFO).where('person_id', '=', personId).where('case_id', 'is', null).orderBy('uploaded_at').orderBy('id').execute();
}

export async function listCaseAttachments(db: DbOrTx, caseId: string): Promise<AttachmentInfo[]> {
  return db.selectFrom('epeople_attachment').select(INFO).where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute();
}

export async function findAttachment(db: DbOrTx, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('epeople_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves the person's draft files onto the case just filed. */
export async function attachDraftFiles(db: DbOrTx, personId: string, caseId: string): Promise<void> {
  await db.updateTable('epeople_attachment').set({ case_id: caseId }).where('person_id', '=', personId).where('case_id', 'is', null).execute();
}

export async function deleteDraftAttachment(db: DbOrTx, personId: string, id: string): Promise<void> {
  await db.deleteFrom('epeople_attachment').where('id', '=', id).where('person_id', '=', personId).where('case_id', 'is', null).execute();
}
