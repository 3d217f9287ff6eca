import { cx, describedBy, ErrorMessage, FormGroup, Hint, Label, type FieldProps } from './field.js';

export interface TextInputProps extends FieldProps {
  value?: string | undefined;
  type?: 'text' | 'email' | 'tel' | 'url' | 'number' | 'password' | 'search';
  /** GOV.UK width class suffix: 'width-10', 'width-20', 'one-half'… */
  width?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text' | 'url';
  spellcheck?: boolean;
  required?: boolean;
}

export function TextInput(p: TextInputProps) {
  const id = p.id ?? p.name;
  return (
    <FormGroup error={p.error}>
      <Label forId={id} text={p.label} isPageHeading={p.isPageHeading} labelClass={p.labelClass} />
      <Hint id={`${id}-hint`} text={p.hint} />
      <ErrorMessage t={p.t} id={`${id}-error`} text={p.error} />
      <input
        class={cx('govuk-input', p.width && `govuk-input--${p.width}`, p.error && 'govuk-input--error')}
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        spellcheck={p.spellcheck}
        required={p.required}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </FormGroup>
  );
}

export interface TextareaProps extends FieldProps {
  value?: string | undefined;
  rows?: number;
  autocomplete?: string;
  required?: boolean;
}

export function Textarea(p: TextareaProps) {
  const id = p.id ?? p.name;
  return (
    <FormGroup error={p.error}>
      <Label forId={id} text={p.label} isPageHeading={p.isPageHeading} labelClass={p.labelClass} />
      <Hint id={`${id}-hint`} text={p.hint} />
      <ErrorMessage t={p.t} id={`${id}-error`} text={p.error} />
      <textarea
        class={cx('govuk-textarea', p.error && 'govuk-textarea--error')}
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        autocomplete={p.autocomplete}
        required={p.required}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </FormGroup>
  );
}

export interface SelectProps extends FieldProps {
  options: { value: string; text: string; disabled?: boolean }[];
  value?: string | undefined;
}

export function Select(p: SelectProps) {
  const id = p.id ?? p.name;
  return (
    <FormGroup error={p.error}>
      <Label forId={id} text={p.label} isPageHeading={p.isPageHeading} labelClass={p.labelClass} />
      <Hint id={`${id}-hint`} text={p.hint} />
      <ErrorMessage t={p.t} id={`${id}-error`} text={p.error} />
      <select class={cx('govuk-select', p.error && 'govuk-select--error')} id={id} name={p.name} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} disabled={o.disabled}>{o.text}</option>
        ))}
      </select>
    </FormGroup>
  );
}
