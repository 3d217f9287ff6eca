import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import type { Problem } from '../http/problem.js';
import { pageContext } from './page-context.js';
import { renderPage } from './page.js';

/** Statuses with their own wording; anything else uses the generic "something went wrong". */
const WORDED = new Set([400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503]);

/**
 * A readable HTML page for an error on a page route, in the full layout and the request's
 * language. It may run before the locale, CSRF or session middleware did (a body-size error),
 * so it reads everything through `pageContext`, which copes with missing variables.
 */
export function renderErrorPage(c: Context, problem: Problem & { headers?: Record<string, string> }): Response | Promise<Response> {
  const { t, locale, url } = pageContext(c);
  const key = WORDED.has(problem.status) ? String(problem.status) : 'other';
  const title = t(`ui.error.${key}.title`);
  for (const [name, value] of Object.entries(problem.headers ?? {})) c.header(name, value);
  const isServerError = problem.status >= 500;
  const next = `${url.pathname}${url.search}`;
  // Problem details are written in English by services; mark them so screen readers switch voice.
  const detailLang = locale === 'en' ? undefined : 'en';
  return renderPage(
    c as Context<AppEnv>,
    { title, status: problem.status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{t(`ui.error.${key}.advice`)}</p>
        {!isServerError && problem.detail ? (
          <div class="govuk-inset-text" lang={detailLang}>{problem.detail}</div>
        ) : null}
        {problem.errors && problem.errors.length > 0 ? (
          <ul class="govuk-list govuk-list--bullet" lang={detailLang}>
            {problem.errors.map((e) => <li>{e.field ? `${e.field}: ${e.message}` : e.message}</li>)}
          </ul>
        ) : null}
        {problem.status === 401 ? (
          <p class="govuk-body">
            <a class="govuk-link" href={`/sign-in?next=${encodeURIComponent(next)}`}>{t('ui.error.signIn')}</a>
          </p>
        ) : null}
        {isServerError && problem.requestId ? (
          <p class="govuk-body">{t('ui.error.requestId', { requestId: problem.requestId })}</p>
        ) : null}
        <p class="govuk-body">
          <a class="govuk-link" href="/">{t('ui.error.backHome')}</a>
        </p>
      </div>
    </div>,
  );
}
