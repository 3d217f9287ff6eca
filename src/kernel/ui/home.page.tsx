import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import type { NaraModule } from '../module.js';
import { Tag } from './components/index.js';
import { renderPage } from './page.js';

/** The service areas Nara covers, with the URL prefixes a module serving each may use. */
export const SERVICE_AREAS = [
  { id: 'gov24', prefixes: ['/gov24', '/portal', '/services'] },
  { id: 'complaints', prefixes: ['/complaints', '/e-people', '/epeople'] },
  { id: 'petitions', prefixes: ['/petitions', '/participation'] },
  { id: 'procurement', prefixes: ['/procurement', '/tenders'] },
  { id: 'sharing', prefixes: ['/sharing', '/information-sharing', '/consents'] },
  { id: 'documents', prefixes: ['/documents', '/records'] },
  { id: 'openData', prefixes: ['/open-data', '/data'] },
  { id: 'transparency', prefixes: ['/transparency', '/log'] },
] as const;

type ServiceLink = NonNullable<NaraModule['serviceLinks']>[number];

const matches = (href: string, prefix: string) => href === prefix || href.startsWith(`${prefix}/`) || href.startsWith(`${prefix}?`);

/** Which module link (if any) serves each area; links that fit no area are listed separately. */
export function planHome(modules: NaraModule[]) {
  const links = modules.flatMap((m) => m.serviceLinks ?? []);
  const used = new Set<ServiceLink>();
  const areas = SERVICE_AREAS.map((area) => {
    const link = links.find((l) => !used.has(l) && area.prefixes.some((p) => matches(l.href, p)));
    if (link) used.add(link);
    return { id: area.id, href: link?.href };
  });
  return { areas, others: links.filter((l) => !used.has(l)) };
}

export function renderHome(c: Context<AppEnv>, modules: NaraModule[]) {
  const t = c.get('t');
  const { areas, others } = planHome(modules);
  return renderPage(
    c,
    { title: t('ui.home.title') },
    <>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-xl">{t('ui.home.title')}</h1>
          <p class="govuk-body-l">{t('ui.home.lead')}</p>
        </div>
      </div>
      <h2 class="govuk-heading-l">{t('ui.home.servicesHeading')}</h2>
      <ul class="nara-cards">
        {areas.map((area) => (
          <li class={area.href ? 'nara-card' : 'nara-card nara-card--coming'}>
            <h3 class="govuk-heading-s">
              {area.href ? <a class="govuk-link" href={area.href}>{t(`ui.area.${area.id}.title`)}</a> : t(`ui.area.${area.id}.title`)}
            </h3>
            <p class="govuk-body-s">{t(`ui.area.${area.id}.description`)}</p>
            {area.href ? null : (
              <p class="govuk-body-s">
                <Tag text={t('ui.home.coming')} colour="grey" /> <span class="govuk-visually-hidden">{t('ui.home.comingText')}</span>
              </p>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('ui.home.otherServices')}</h2>
          <ul class="nara-cards">
            {others.map((l) => (
              <li class="nara-card">
                <h3 class="govuk-heading-s"><a class="govuk-link" href={l.href}>{t(l.titleKey)}</a></h3>
                <p class="govuk-body-s">{t(l.descriptionKey)}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="govuk-heading-m">{t('ui.home.agenciesHeading')}</h2>
      <p class="govuk-body">{t('ui.home.agenciesText')}</p>
      <p class="govuk-body"><a class="govuk-link" href="/api/reference">{t('ui.home.agenciesLink')}</a></p>
    </>,
  );
}
