import type { Translate } from '../../i18n/i18n.js';
import { cx, describedBy, ErrorMessage, Fieldset, FormGroup, Hint } from './field.js';

export interface ChoiceItem {
  value: string;
  text: string;
  hint?: string;
  disabled?: boolean;
}

export interface ChoicesProps {
  t: Translate;
  name: string;
  /** Prefix for item ids; the first item's id is exactly this, so the error summary can link to it. */
  idPrefix?: string;
  legend: string;
  isPageHeading?: boolean;
  legendClass?: string;
  hint?: string;
  error?: string | undefined;
  items: ChoiceItem[];
  small?: boolean;
}

function Choices(p: ChoicesProps & { kind: 'radios' | 'checkboxes'; isChecked: (value: string) => boolean; inline?: boolean }) {
  const prefix = p.idPrefix ?? p.name;
  const kind = p.kind;
  return (
    <FormGroup error={p.error}>
      <Fieldset legend={p.legend} isPageHeading={p.isPageHeading} legendClass={p.legendClass} describedBy={describedBy(prefix, p.hint, p.error)}>
        <Hint id={`${prefix}-hint`} text={p.hint} />
        <ErrorMessage t={p.t} id={`${prefix}-error`} text={p.error} />
        <div class={cx(`govuk-${kind}`, p.small && `govuk-${kind}--small`, p.inline && `govuk-${kind}--inline`)} data-module={`govuk-${kind}`}>
          {p.items.map((item, i) => {
            const id = i === 0 ? prefix : `${prefix}-${i + 1}`;
            return (
              <div class={`govuk-${kind}__item`}>
                <input
                  class={`govuk-${kind}__input`}
                  id={id}
                  name={p.name}
                  type={kind === 'radios' ? 'radio' : 'checkbox'}
                  value={item.value}
                  checked={p.isChecked(item.value)}
                  disabled={item.disabled}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                />
                <label class={`govuk-label govuk-${kind}__label`} for={id}>{item.text}</label>
                {item.hint ? <div id={`${id}-item-hint`} class={`govuk-hint govuk-${kind}__hint`}>{item.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}

export function Radios(p: ChoicesProps & { value?: string | undefined; inline?: boolean }) {
  return <Choices {...p} kind="radios" isChecked={(v) => v === p.value} />;
}

export function Checkboxes(p: ChoicesProps & { values?: string[] | undefined }) {
  const chosen = new Set(p.values ?? []);
  return <Choices {...p} kind="checkboxes" isChecked={(v) => chosen.has(v)} />;
}
