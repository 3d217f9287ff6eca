import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { Button } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './epeople.attachments.js';
import type { AttachmentInfo } from './epeople.attachments.tables.js';
import { ATTACHMENT_TYPES } from './epeople.metadata.js';

const kb = (bytes: number) => Math.max(1, Math.round(bytes / 1024));

/** The files of the unfinished filing, a form to add one, and the way back to check your answers. */
export function renderAttachmentsPage(c: Context<AppEnv>, o: { files: AttachmentInfo[]; errors: FieldProblem[] }) {
  const t = c.get('t');
  const error = o.errors.find((e) => e.field === 'file')?.message;
  return renderPage(
    c,
    { title: t('epeople.attach.title'), errors: o.errors, backLink: { href: '/epeople/file/check', text: t('epeople.back') }, ...(o.errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('epeople.attach.title')}</h1>
        <p class="govuk-body">{t('epeople.attach.lead')}</p>
        {o.files.length === 0 ? (
          <p class="govuk-body">{t('epeople.attach.none')}</p>
        ) : (
          <ul class="govuk-list">
            {o.files.map((f) => (
              <li>
                <form method="post" action={`/epeople/file/attachments/${f.id}/remove`}>
                  <CsrfField c={c} />
                  {t('epeople.attach.item', { name: f.file_name, kb: kb(f.size_bytes) })}{' '}
                  <Button text={t('epeople.attach.remove', { name: f.file_name })} variant="secondary" classes="govuk-button--small govuk-!-margin-bottom-0" />
                </form>
              </li>
            ))}
          </ul>
        )}
        {o.files.length < MAX_ATTACHMENTS ? (
          <form method="post" action="/epeople/file/attachments" enctype="multipart/form-data" novalidate>
            <CsrfField c={c} />
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label govuk-label--m" for="file">{t('epeople.attach.label')}</label>
              <div id="file-hint" class="govuk-hint">{t('epeople.attach.hint', { kb: kb(MAX_ATTACHMENT_BYTES), max: MAX_ATTACHMENTS })}</div>
              {error ? <p id="file-error" class="govuk-error-message"><span class="govuk-visually-hidden">{t('ui.components.errorPrefix')}:</span> {error}</p> : null}
              <input class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`} id="file" name="file" type="file" accept={ATTACHMENT_TYPES.join(',')} aria-describedby={error ? 'file-hint file-error' : 'file-hint'} />
            </div>
            <Button text={t('epeople.attach.upload')} variant="secondary" />
          </form>
        ) : null}
        <p class="govuk-body"><a class="govuk-link" href="/epeople/file/check">{t('epeople.attach.done')}</a></p>
      </div>
    </div>,
  );
}

/** The case's files as download links (for the filer and the handling officials). */
export function CaseFiles({ c, caseId, files }: { c: Context<AppEnv>; caseId: string; files: AttachmentInfo[] }) {
  const t = c.get('t');
  if (files.length === 0) return null;
  return (
    <>
      <h2 class="govuk-heading-m">{t('epeople.attach.caseHeading')}</h2>
      <ul class="govuk-list">
        {files.map((f) => (
          <li><a class="govuk-link" href={`/epeople/cases/${caseId}/files/${f.id}`} download={f.file_name}>{t('epeople.attach.item', { name: f.file_name, kb: kb(f.size_bytes) })}</a></li>
        ))}
      </ul>
    </>
  );
}
