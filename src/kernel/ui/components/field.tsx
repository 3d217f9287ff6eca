import type { Child } from 'hono/jsx';
import type { Translate } from '../../i18n/i18n.js';

/** Props every form field shares. `t` supplies the visually hidden "Error:" prefix. */
export interface FieldProps {
  t: Translate;
  /** The `name` of the control; also its `id` unless `id` is given (the error summary links to it). */
  name: string;
  id?: string;
  label: string;
  /** Show the label as the page's h1 (one-question pages). */
  isPageHeading?: boolean;
  labelClass?: string;
  hint?: string;
  error?: string | undefined;
}

export const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(' ');

/** `aria-describedby` for a field: its hint and error, in that order. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Hint({ id, text }: { id: string; text?: string | undefined }) {
  if (!text) return null;
  return <div id={id} class="govuk-hint">{text}</div>;
}

export function ErrorMessage({ t, id, text }: { t: Translate; id: string; text?: string | undefined }) {
  if (!text) return null;
  return (
    <p id={id} class="govuk-error-message">
      <span class="govuk-visually-hidden">{t('ui.components.errorPrefix')}:</span> {text}
    </p>
  );
}

export function Label({ forId, text, isPageHeading, labelClass }: { forId: string; text: string; isPageHeading?: boolean | undefined; labelClass?: string | undefined }) {
  const label = <label class={cx('govuk-label', labelClass ?? (isPageHeading ? 'govuk-label--l' : undefined))} for={forId}>{text}</label>;
  return isPageHeading ? <h1 class="govuk-label-wrapper">{label}</h1> : label;
}

export function FormGroup({ error, children }: { error?: string | undefined; children?: Child }) {
  return <div class={cx('govuk-form-group', error && 'govuk-form-group--error')}>{children}</div>;
}

/** A fieldset with a legend, for radios, checkboxes and date inputs. */
export function Fieldset(props: { legend: string; isPageHeading?: boolean | undefined; legendClass?: string | undefined; describedBy?: string | undefined; children?: Child }) {
  const legendClass = props.legendClass ?? (props.isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--m');
  return (
    <fieldset class="govuk-fieldset" aria-describedby={props.describedBy}>
      <legend class={cx('govuk-fieldset__legend', legendClass)}>
        {props.isPageHeading ? <h1 class="govuk-fieldset__heading">{props.legend}</h1> : props.legend}
      </legend>
      {props.children}
    </fieldset>
  );
}
