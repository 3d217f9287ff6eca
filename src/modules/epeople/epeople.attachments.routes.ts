import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type AttachmentService } from './epeople.attachments.js';
import { renderAttachmentsPage } from './epeople.attachments.pages.js';

/** The attachments page of the filing journey and the case files' downloads. */
export function registerAttachmentRoutes(app: OpenAPIHono<AppEnv>, files: AttachmentService): void {
  app.get('/epeople/file/attachments', async (c) => renderAttachmentsPage(c, { files: await files.draftFiles(requireSession(c)), errors: [] }));

  app.post('/epeople/file/attachments', async (c) => {
    const session = requireSession(c);
    const form = await c.req.parseBody();
    const file = form.file instanceof File && form.file.size > 0 ? { filename: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) } : null;
    const problem = await files.addDraftFile(session, file);
    if (problem) {
      const message = c.get('t')(`epeople.attach.error.${problem}`, { kb: Math.round(MAX_ATTACHMENT_BYTES / 1024), max: MAX_ATTACHMENTS });
      return renderAttachmentsPage(c, { files: await files.draftFiles(session), errors: [{ field: 'file', message }] });
    }
    return c.redirect('/epeople/file/attachments', 303);
  });

  app.post('/epeople/file/attachments/:id/remove', async (c) => {
    await files.removeDraftFile(requireSession(c), c.req.param('id'));
    return c.redirect('/epeople/file/attachments', 303);
  });

  app.get('/epeople/cases/:id/files/:fileId', async (c) => {
    const row = await files.caseFile(requireSession(c), c.req.param('id'), c.req.param('fileId'));
    return c.body(new Uint8Array(row.content), 200, {
      'content-type': row.media_type,
      'content-disposition': `attachment; filename="${encodeURIComponent(row.file_name)}"`,
      'x-content-type-options': 'nosniff',
    });
  });
}
