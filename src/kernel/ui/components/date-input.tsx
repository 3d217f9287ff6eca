import type { Translate } from '../../i18n/i18n.js';
import { cx, describedBy, ErrorMessage, Fieldset, FormGroup, Hint } from './field.js';

export interface DateInputProps {
  t: Translate;
  /** Field name prefix: the parts are posted as `<name>-day`, `<name>-month`, `<name>-year`. */
  name: string;
  legend: string;
  isPageHeading?: boolean;
  hint?: string;
  error?: string | undefined;
  value?: { day?: string; month?: string; year?: string };
}

/** GOV.UK date input; the first part's id is `<name>-day` (link the error summary there). */
export function DateInput(p: DateInputProps) {
  const parts = [
    { key: 'day', label: p.t('ui.components.day'), width: 2 },
    { key: 'month', label: p.t('ui.components.month'), width: 2 },
    { key: 'year', label: p.t('ui.components.year'), width: 4 },
  ] as const;
  return (
    <FormGroup error={p.error}>
      <Fieldset legend={p.legend} isPageHeading={p.isPageHeading} describedBy={describedBy(p.name, p.hint, p.error)}>
        <Hint id={`${p.name}-hint`} text={p.hint} />
        <ErrorMessage t={p.t} id={`${p.name}-error`} text={p.error} />
        <div class="govuk-date-input" id={p.name}>
          {parts.map((part) => (
            <div class="govuk-date-input__item">
              <div class="govuk-form-group">
                <label class="govuk-label govuk-date-input__label" for={`${p.name}-${part.key}`}>{part.label}</label>
                <input
                  class={cx('govuk-input govuk-date-input__input', `govuk-input--width-${part.width}`, p.error && 'govuk-input--error')}
                  id={`${p.name}-${part.key}`}
                  name={`${p.name}-${part.key}`}
                  type="text"
                  inputmode="numeric"
                  value={p.value?.[part.key]}
                />
              </div>
            </div>
          ))}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
