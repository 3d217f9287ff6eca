import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { LOCALE_NAMES } from '../i18n/locales.js';
import type { Kernel } from '../kernel.js';
import { NotificationBanner, SummaryList, Table } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import { clearSessionCookie } from './identity.middleware.js';
import { organisationName } from './identity.http.js';
import { PasskeyButton } from './sign-in.pages.js';
import { authorize, requireSession } from './policy.js';

/** "Official (Seoul)" or "Platform administrator (whole platform)", in the page's language. */
export async function roleLabels(c: Context<AppEnv>, kernel: Kernel, roles: { role: string; organisationId: string | null }[]): Promise<string[]> {
  const t = c.get('t');
  const names = new Map<string, string>();
  for (const id of new Set(roles.flatMap((r) => (r.organisationId ? [r.organisationId] : [])))) {
    names.set(id, organisationName(c, await kernel.identity.getOrganisation(id)));
  }
  return roles.map((r) =>
    t('identity.role.scoped', {
      role: t(`identity.role.${r.role}`),
      organisation: r.organisationId ? (names.get(r.organisationId) ?? r.organisationId) : t('identity.account.platformWide'),
    }),
  );
}

function RevokeForm({ c, action, text, hidden }: { c: Context<AppEnv>; action: string; text: string; hidden: string }) {
  return (
    <form method="post" action={action} class="govuk-!-margin-bottom-0">
      <CsrfField c={c} />
      <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
        {text}
        <span class="govuk-visually-hidden"> {hidden}</span>
      </button>
    </form>
  );
}

async function accountPage(c: Context<AppEnv>, kernel: Kernel) {
  const t = c.get('t');
  const f = kernel.i18n.format(c.get('locale'));
  const session = requireSession(c);
  const id = kernel.identity;
  const [person, sessions, passkeys] = await Promise.all([
    id.getPerson(session.personId),
    id.sessions.listSessions(session.personId, session.sessionId),
    id.passkeys.listPasskeys(session.personId),
  ]);
  const roles = await roleLabels(c, kernel, session.roles);
  const notGiven = t('identity.account.notGiven');
  const address = [person?.addressLine1, person?.addressLine2, person?.addressTown, person?.addressPostcode].filter(Boolean).join(', ');
  const notice = { session: 'identity.account.sessionRevoked', passkey: 'identity.account.passkeyRemoved' }[c.req.query('revoked') ?? ''];
  const added = c.req.query('added') === 'passkey';
  return renderPage(
    c,
    { title: t('identity.account.title') },
    <>
      {notice || added ? (
        <NotificationBanner t={t} kind="success" heading={t(notice ?? 'identity.account.passkeyAdded')} />
      ) : null}
      <h1 class="govuk-heading-l">{t('identity.account.title')}</h1>
      <h2 class="govuk-heading-m">{t('identity.account.detailsHeading')}</h2>
      <SummaryList
        rows={[
          { key: t('identity.account.name'), value: person?.displayName ?? session.displayName },
          { key: t('identity.account.birthDate'), value: person?.birthDate ?? notGiven },
          { key: t('identity.account.email'), value: person?.email ?? notGiven },
          { key: t('identity.account.phone'), value: person?.phone ?? notGiven },
          { key: t('identity.account.address'), value: address || notGiven },
          { key: t('identity.account.language'), value: <span lang={person?.locale ?? 'ko'}>{LOCALE_NAMES[person?.locale ?? 'ko']}</span> },
        ]}
      />
      <h2 class="govuk-heading-m">{t('identity.account.rolesHeading')}</h2>
      <ul class="govuk-list govuk-list--bullet">{roles.map((r) => <li>{r}</li>)}</ul>
      <Table
        caption={t('identity.account.sessionsHeading')}
        head={[t('identity.account.sessionDevice'), t('identity.account.sessionStarted'), t('identity.account.sessionLastSeen'), t('identity.account.sessionAction')]}
        rows={sessions.map((s) => [
          <>
            {s.userAgent ?? t('identity.account.unknownDevice')}
            {s.isCurrent ? <strong class="govuk-tag govuk-!-margin-left-2">{t('identity.account.thisSession')}</strong> : null}
            {s.isDemo ? <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-2">{t('identity.account.demoSession')}</strong> : null}
          </>,
          f.dateTime(s.createdAt, 'medium'),
          f.dateTime(s.lastSeenAt, 'medium'),
          <RevokeForm c={c} action={`/account/sessions/${s.id}/revoke`} text={t('identity.account.revokeSession')} hidden={t('identity.account.revokeSessionHidden', { when: f.dateTime(s.createdAt, 'medium') })} />,
        ])}
      />
      <h2 class="govuk-heading-m">{t('identity.account.passkeysHeading')}</h2>
      {passkeys.length === 0 ? (
        <p class="govuk-body">{t('identity.account.noPasskeys')}</p>
      ) : (
        <Table
          head={[t('identity.account.passkeyName'), t('identity.account.passkeyCreated'), t('identity.account.passkeyLastUsed'), t('identity.account.sessionAction')]}
          rows={passkeys.map((p) => [
            p.nickname,
            f.dateTime(p.createdAt, 'medium'),
            p.lastUsedAt ? f.dateTime(p.lastUsedAt, 'medium') : t('identity.account.passkeyNeverUsed'),
            <RevokeForm c={c} action={`/account/passkeys/${encodeURIComponent(p.id)}/delete`} text={t('identity.account.removePasskey')} hidden={t('identity.account.removePasskeyHidden', { name: p.nickname })} />,
          ])}
        />
      )}
      <PasskeyButton c={c} kind="registration" text={t('identity.account.addPasskey')} noscript={t('identity.account.addPasskeyNoscript')} next="/account?added=passkey" errorText={t('identity.signIn.failed')} />
    </>,
  );
}

export function registerAccountPages(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/account', (c) => {
    authorize(c, 'account.view');
    return accountPage(c, kernel);
  });

  app.post('/account/sessions/:sessionId/revoke', async (c) => {
    const session = requireSession(c);
    const target = c.req.param('sessionId');
    await kernel.identity.sessions.revokeSession(target, session.personId);
    if (target === session.sessionId) {
      clearSessionCookie(c, kernel);
      return c.redirect('/', 303);
    }
    return c.redirect('/account?revoked=session', 303);
  });

  app.post('/account/passkeys/:credentialId/delete', async (c) => {
    const session = requireSession(c);
    await kernel.identity.passkeys.removePasskey(session, c.req.param('credentialId'));
    return c.redirect('/account?revoked=passkey', 303);
  });
}
