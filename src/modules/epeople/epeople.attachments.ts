import { createHash } from 'node:crypto';
import type { SessionContext } from '../../kernel/http/context.js';
import { notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import * as repo from './epeople.attachments.repository.js';
import type { AttachmentInfo, AttachmentRow } from './epeople.attachments.tables.js';
import { sniffAttachmentType, stripMetadata, UnreadableFileError } from './epeople.metadata.js';
import type { EpeopleService } from './epeople.service.js';

/** Largest file accepted: under the 1 MiB request limit with room for the form around it. */
export const MAX_ATTACHMENT_BYTES = 800 * 1024;
/** Files one filing may carry. */
export const MAX_ATTACHMENTS = 5;

/** Why an upload was refused; each has a message in the catalogues (`epeople.attach.error.<code>`). */
export type AttachmentProblem = 'missing' | 'tooLarge' | 'wrongType' | 'unreadable' | 'tooMany';

/** A file name that is safe to show and to send back in a header. */
const cleanName = (name: string) => name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'file';

/**
 * Files attached while filing: checked by their real type and size, stored with their metadata
 * removed, held against the person's unfinished filing and moved onto the case when it is filed.
 */
export function createAttachmentService(kernel: Kernel, cases: EpeopleService) {
  const { db, clock } = kernel;
  return {
    draftFiles: (session: SessionContext) => repo.listDraftAttachments(db, session.personId),

    async addDraftFile(session: SessionContext, file: { filename: string; bytes: Uint8Array } | null): Promise<AttachmentProblem | null> {
      if (!file || file.bytes.length === 0) return 'missing';
      if (file.bytes.length > MAX_ATTACHMENT_BYTES) return 'tooLarge';
      const type = sniffAttachmentType(file.bytes);
      if (!type) return 'wrongType';
      if ((await repo.listDraftAttachments(db, session.personId)).length >= MAX_ATTACHMENTS) return 'tooMany';
      let content: Uint8Array;
      try {
        content = await stripMetadata(type, file.bytes);
      } catch (error) {
        if (error instanceof UnreadableFileError) return 'unreadable';
        throw error;
      }
      await repo.insertAttachment(db, {
        id: newId('att'), person_id: session.personId, case_id: null, file_name: cleanName(file.filename), media_type: type,
        size_bytes: content.length, sha256: `sha256:${createHash('sha256').update(content).digest('hex')}`, content, uploaded_at: clock.now(),
      });
      return null;
    },

    removeDraftFile: (session: SessionContext, id: string) => repo.deleteDraftAttachment(db, session.personId, id),

    /** The files of a case, for whoever may read the case (the filer, officials of its agency). */
    async caseFiles(session: SessionContext, caseId: string): Promise<AttachmentInfo[]> {
      await cases.readCase(session, caseId);
      return repo.listCaseAttachments(db, caseId);
    },

    async caseFile(session: SessionContext, caseId: string, fileId: string): Promise<AttachmentRow> {
      await cases.readCase(session, caseId);
      const row = await repo.findAttachment(db, fileId);
      if (!row || row.case_id !== caseId) throw notFound('The file');
      return row;
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

