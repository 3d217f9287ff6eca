import { OPENAPI_PATH } from '../../http/openapi.js';
import type { PageContext } from '../page-context.js';
import { NaraLogo } from './logo.js';

export function SiteFooter({ page }: { page: PageContext }) {
  const { t } = page;
  const links = [
    { href: '/accessibility', text: t('ui.footer.accessibility') },
    { href: '/api/reference', text: t('ui.footer.apiReference') },
    { href: OPENAPI_PATH, text: t('ui.footer.openApi') },
  ];
  return (
    <footer class="govuk-footer">
      <div class="govuk-width-container">
        <div class="govuk-footer__meta">
          <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <p class="nara-footer__brand">
              <NaraLogo />
              <span>Nara <span lang="ko">나라</span></span>
            </p>
            <h2 class="govuk-visually-hidden">{t('ui.footer.supportLinks')}</h2>
            <ul class="govuk-footer__inline-list">
              {links.map((l) => (
                <li class="govuk-footer__inline-list-item">
                  <a class="govuk-footer__link" href={l.href}>{l.text}</a>
                </li>
              ))}
            </ul>
            <div class="govuk-footer__meta-custom">{t('ui.footer.licence')}</div>
          </div>
          <div class="govuk-footer__meta-item">{t('ui.footer.copyright')}</div>
        </div>
      </div>
    </footer>
  );
}
