import type { Translate } from '../../i18n/i18n.js';

export interface ErrorSummaryProps {
  t: Translate;
  /** Each error links to the id of the field it is about (`#<field>`). */
  errors: { field: string; message: string }[];
  title?: string;
}

/** Field id an error links to: dotted paths (`address.postcode`) become ids (`address-postcode`). */
export const fieldId = (field: string) => field.replace(/[^A-Za-z0-9_-]+/g, '-');

export function ErrorSummary({ t, errors, title }: ErrorSummaryProps) {
  if (errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title ?? t('ui.components.errorSummaryTitle')}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li>{e.field ? <a href={`#${fieldId(e.field)}`}>{e.message}</a> : e.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
