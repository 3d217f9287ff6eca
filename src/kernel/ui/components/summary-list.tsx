import type { Child } from 'hono/jsx';
import { cx } from './field.js';

export interface SummaryRow {
  key: string;
  value: Child;
  /** A "Change" style link; `visuallyHiddenText` says what it changes for screen readers. */
  action?: { href: string; text: string; visuallyHiddenText?: string };
}

export function SummaryList({ rows, noBorder }: { rows: SummaryRow[]; noBorder?: boolean }) {
  const anyActions = rows.some((r) => r.action);
  return (
    <dl class={cx('govuk-summary-list', noBorder && 'govuk-summary-list--no-border')}>
      {rows.map((row) => (
        <div class={cx('govuk-summary-list__row', anyActions && !row.action && 'govuk-summary-list__row--no-actions')}>
          <dt class="govuk-summary-list__key">{row.key}</dt>
          <dd class="govuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" href={row.action.href}>
                {row.action.text}
                {row.action.visuallyHiddenText ? <span class="govuk-visually-hidden"> {row.action.visuallyHiddenText}</span> : null}
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
