import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, SummaryList, Textarea } from '../../kernel/ui/components/index.js';
import { CsrfField } from '../../kernel/ui/page.js';
import type { CaseRow } from './epeople.tables.js';

/**
 * The review of a draft answer on the case page: a supervisor sees the pending draft with the
 * buttons to approve (sign and send) or return it with a comment; the drafter sees where it stands.
 */
export function AnswerReview({ c, row, isSupervisor, errors }: { c: Context<AppEnv>; row: CaseRow; isSupervisor: boolean; errors: FieldProblem[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (!row.answer_draft || !row.answer_review) return null;
  const viewerId = c.get('session')?.personId;
  const isOwnDraft = row.answer_drafted_by === viewerId;
  const draft = (
    <SummaryList
      rows={[
        { key: t('epeople.review.draftedAt'), value: row.answer_drafted_at ? <time datetime={row.answer_drafted_at.toISOString()}>{fmt.dateTime(row.answer_drafted_at)}</time> : '' },
        { key: t('epeople.act.outcomeLegend'), value: row.answer_draft_outcome ? t(`epeople.outcome.${row.answer_draft_outcome}`) : '' },
        { key: t('epeople.act.answerLabel'), value: row.answer_draft },
        ...(row.answer_draft_remedies ? [{ key: t('epeople.case.remediesHeading'), value: row.answer_draft_remedies }] : []),
      ]}
    />
  );
  if (row.answer_review === 'returned') {
    return (
      <>
        <h2 class="govuk-heading-m">{t('epeople.review.returnedHeading')}</h2>
        <div class="govuk-inset-text">
          <p class="govuk-body">{t('epeople.review.returnedLead')}</p>
          <p class="govuk-body">{row.answer_review_comment}</p>
        </div>
        {draft}
      </>
    );
  }
  if (!isSupervisor || isOwnDraft) {
    return (
      <>
        <h2 class="govuk-heading-m">{t('epeople.review.pendingHeading')}</h2>
        <p class="govuk-body">{isOwnDraft && isSupervisor ? t('epeople.review.ownDraft') : t('epeople.review.pendingLead')}</p>
        {draft}
      </>
    );
  }
  return (
    <>
      <h2 class="govuk-heading-m">{t('epeople.review.approveHeading')}</h2>
      {draft}
      <form method="post" action={`/epeople/cases/${row.id}/approve-answer`}>
        <CsrfField c={c} />
        <p class="govuk-body">{t('epeople.review.approveLead')}</p>
        <Button text={t('epeople.review.approve')} preventDoubleClick />
      </form>
      <form method="post" action={`/epeople/cases/${row.id}/return-answer`} novalidate>
        <CsrfField c={c} />
        <Textarea t={t} name="comment" id="reviewComment" label={t('epeople.review.commentLabel')} hint={t('epeople.review.commentHint')} error={errors.find((e) => e.field === 'reviewComment')?.message} rows={3} />
        <Button text={t('epeople.review.return')} variant="secondary" />
      </form>
    </>
  );
}
