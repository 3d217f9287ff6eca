import type { Child } from 'hono/jsx';
import { cx } from './field.js';

export interface ButtonProps {
  text: string;
  /** A link styled as a button (for a start or navigation action) instead of a submit button. */
  href?: string;
  variant?: 'primary' | 'secondary' | 'warning' | 'inverse';
  isStartButton?: boolean;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  disabled?: boolean;
  preventDoubleClick?: boolean;
  classes?: string;
}

const StartIcon = () => (
  <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
  </svg>
);

export function Button(p: ButtonProps) {
  const classes = cx(
    'govuk-button',
    p.variant && p.variant !== 'primary' && `govuk-button--${p.variant}`,
    p.isStartButton && 'govuk-button--start',
    p.classes,
  );
  const content: Child = p.isStartButton ? <>{p.text}<StartIcon /></> : p.text;
  if (p.href) {
    return <a href={p.href} role="button" draggable="false" class={classes} data-module="govuk-button">{content}</a>;
  }
  return (
    <button
      type={p.type ?? 'submit'}
      class={classes}
      name={p.name}
      value={p.value}
      disabled={p.disabled}
      aria-disabled={p.disabled ? 'true' : undefined}
      data-module="govuk-button"
      data-prevent-double-click={p.preventDoubleClick ? 'true' : undefined}
    >
      {content}
    </button>
  );
}

/** Groups buttons and links side by side. */
export function ButtonGroup({ children }: { children?: Child }) {
  return <div class="govuk-button-group">{children}</div>;
}
