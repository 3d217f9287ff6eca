import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { renderPage } from './page.js';

export function renderAccessibilityStatement(c: Context<AppEnv>) {
  const t = c.get('t');
  const section = (name: string) => (
    <>
      <h2 class="govuk-heading-m">{t(`ui.accessibility.${name}Heading`)}</h2>
      <p class="govuk-body">{t(`ui.accessibility.${name}`)}</p>
    </>
  );
  return renderPage(
    c,
    { title: t('ui.accessibility.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-xl">{t('ui.accessibility.title')}</h1>
        <p class="govuk-body">{t('ui.accessibility.intro')}</p>
        {section('using')}
        <ul class="govuk-list govuk-list--bullet">
          {[1, 2, 3, 4, 5].map((n) => <li>{t(`ui.accessibility.using${n}`)}</li>)}
        </ul>
        {section('status')}
        {section('testing')}
        {section('feedback')}
      </div>
    </div>,
  );
}
