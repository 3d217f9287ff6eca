import type { Child } from 'hono/jsx';
import type { Translate } from '../../i18n/i18n.js';
import { cx } from './field.js';

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ text, colour }: { text: string; colour?: TagColour | undefined }) {
  return <strong class={cx('govuk-tag', colour && `govuk-tag--${colour}`)}>{text}</strong>;
}

/** Confirmation panel at the end of a transaction; the title is the page's h1. */
export function Panel({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">{title}</h1>
      {children ? <div class="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

export function InsetText({ children }: { children?: Child }) {
  return <div class="govuk-inset-text">{children}</div>;
}

export function WarningText({ t, children }: { t: Translate; children?: Child }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">{t('ui.components.warning')}</span>
        {children}
      </strong>
    </div>
  );
}

export function Details({ summary, children, open }: { summary: string; children?: Child; open?: boolean }) {
  return (
    <details class="govuk-details" open={open}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{summary}</span>
      </summary>
      <div class="govuk-details__text">{children}</div>
    </details>
  );
}

export function BackLink({ href, text }: { href: string; text: string }) {
  return <a href={href} class="govuk-back-link">{text}</a>;
}
