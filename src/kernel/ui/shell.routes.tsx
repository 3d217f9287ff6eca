import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { openApiDocumentConfig } from '../http/openapi.js';
import { rememberLocale } from '../i18n/locale.middleware.js';
import { localeFromTag } from '../i18n/locales.js';
import type { Kernel } from '../kernel.js';
import type { NaraModule } from '../module.js';
import { renderAccessibilityStatement } from './accessibility.page.js';
import { renderApiReference } from './api-reference.page.js';
import { registerAssets } from './assets.js';
import { renderHome } from './home.page.js';
import { renderLanguagePage } from './language.page.js';
import { safeNextPath } from './safe-redirect.js';

/** Drops `lang` from a path so the remembered choice, not a stale query, decides the language. */
function withoutLang(pathWithQuery: string): string {
  const url = new URL(pathWithQuery, 'http://nara.invalid');
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The UI shell: static assets, the language switch and language page, the home page, the accessibility statement
 * and the human-readable API reference. `modules` supply the home page's service links.
 */
export function registerShellPages(app: OpenAPIHono<AppEnv>, kernel: Kernel, modules: NaraModule[] = []): void {
  const secureCookies = kernel.config.publicUrl.startsWith('https://');
  registerAssets(app);

  // `/lang?to=xx&next=/path` remembers a language and goes back; `/lang?next=/path` lists them all.
  app.get('/lang', (c) => {
    const next = withoutLang(safeNextPath(c.req.query('next')));
    if (c.req.query('to') === undefined) return renderLanguagePage(c, next);
    const to = localeFromTag(c.req.query('to'));
    if (to) rememberLocale(c, to, secureCookies);
    return c.redirect(next, 303);
  });

  app.get('/', (c) => renderHome(c, modules));
  app.get('/accessibility', (c) => renderAccessibilityStatement(c));
  app.get('/api/reference', (c) =>
    renderApiReference(c, app.getOpenAPI31Document(openApiDocumentConfig(kernel)) as unknown as Record<string, unknown>),
  );
}
