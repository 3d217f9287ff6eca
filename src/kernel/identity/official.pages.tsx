import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { notFound } from '../http/errors.js';
import type { Kernel } from '../kernel.js';
import { SummaryList, Table } from '../ui/components/index.js';
import { renderPage } from '../ui/page.js';
import { roleLabels } from './account.pages.js';
import { organisationName } from './identity.http.js';
import { can, requireSession } from './policy.js';

function forbiddenPage(c: Context<AppEnv>, messageKey: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('identity.forbidden.title'), status: 403 },
    <>
      <h1 class="govuk-heading-l">{t('identity.forbidden.title')}</h1>
      <p class="govuk-body">{t(messageKey)}</p>
    </>,
  );
}

async function officialPage(c: Context<AppEnv>, kernel: Kernel) {
  const t = c.get('t');
  const session = requireSession(c);
  if (!can(session, 'official.start.view')) return forbiddenPage(c, 'identity.forbidden.notOfficial');
  const posts = await kernel.identity.officialPostsOf(session.personId);
  const chains = await Promise.all(posts.map((p) => kernel.identity.organisationChain(p.organisationId)));
  const roles = await roleLabels(c, kernel, session.roles);
  return renderPage(
    c,
    { title: t('identity.official.title') },
    <>
      <h1 class="govuk-heading-l">{t('identity.official.title')}</h1>
      {posts.map((post, i) => {
        const [agency, ...parents] = chains[i] ?? [];
        const name = organisationName(c, agency);
        return (
          <>
            <h2 class="govuk-heading-m">{t('identity.official.postHeading', { agency: name })}</h2>
            <SummaryList
              rows={[
                { key: t('identity.official.jobTitle'), value: post.title },
                { key: t('identity.official.unit'), value: post.unit ?? t('identity.account.notGiven') },
                {
                  key: t('identity.official.chain'),
                  value: parents.length > 0 ? parents.map((p) => organisationName(c, p)).join(' › ') : t('identity.official.topLevel'),
                },
              ]}
            />
            {can(session, 'agency.admin.view', { organisationId: post.organisationId }) ? (
              <p class="govuk-body">
                <a class="govuk-link" href={`/agencies/${encodeURIComponent(post.organisationId)}/admin`}>{t('identity.official.adminLink', { agency: name })}</a>
              </p>
            ) : null}
          </>
        );
      })}
      <h2 class="govuk-heading-m">{t('identity.official.rolesHeading')}</h2>
      <ul class="govuk-list govuk-list--bullet">{roles.map((r) => <li>{r}</li>)}</ul>
    </>,
  );
}

async function agencyAdminPage(c: Context<AppEnv>, kernel: Kernel, orgId: string) {
  const t = c.get('t');
  const session = requireSession(c);
  const agency = await kernel.identity.getOrganisation(orgId);
  // Same answer for "no such agency" and "not yours" would hide existence, but agencies are public.
  if (!agency || agency.kind === 'business') throw notFound('The agency');
  if (!can(session, 'agency.admin.view', { organisationId: orgId })) return forbiddenPage(c, 'identity.forbidden.notAdmin');
  const [officials, children] = await Promise.all([kernel.identity.listOfficialsOf(orgId), kernel.identity.listChildOrganisations(orgId)]);
  const grants = await kernel.identity.rolesOfMany(officials.map((o) => o.personId));
  const name = organisationName(c, agency);
  return renderPage(
    c,
    { title: t('identity.agencyAdmin.title', { agency: name }) },
    <>
      <h1 class="govuk-heading-l">{t('identity.agencyAdmin.title', { agency: name })}</h1>
      {officials.length === 0 ? (
        <p class="govuk-body">{t('identity.agencyAdmin.noOfficials')}</p>
      ) : (
        <Table
          caption={t('identity.agencyAdmin.officialsHeading')}
          head={[t('identity.agencyAdmin.name'), t('identity.agencyAdmin.jobTitle'), t('identity.agencyAdmin.unit'), t('identity.agencyAdmin.roles'), t('identity.agencyAdmin.status')]}
          firstCellIsHeader
          rows={officials.map((o) => [
            o.displayName,
            o.title,
            o.unit ?? '',
            (grants.get(o.personId) ?? []).filter((g) => g.organisationId === orgId).map((g) => t(`identity.role.${g.role}`)).join(', '),
            o.active ? t('identity.agencyAdmin.active') : t('identity.agencyAdmin.inactive'),
          ])}
        />
      )}
      {children.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('identity.agencyAdmin.childrenHeading')}</h2>
          <ul class="govuk-list">{children.map((ch) => <li>{organisationName(c, ch)}</li>)}</ul>
        </>
      ) : null}
      {can(session, 'agency.certificates.manage', { organisationId: orgId }) ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`/agencies/${encodeURIComponent(orgId)}/certificates`}>{t('pki.admin.link', { agency: name })}</a>
        </p>
      ) : null}
    </>,
  );
}

export function registerOfficialPages(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/official', (c) => officialPage(c, kernel));
  app.get('/agencies/:orgId/admin', (c) => agencyAdminPage(c, kernel, c.req.param('orgId')));
}
