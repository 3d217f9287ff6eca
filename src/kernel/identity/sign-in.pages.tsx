import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { DomainError, notFound } from '../http/errors.js';
import type { Kernel } from '../kernel.js';
import { NotificationBanner } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import { clearSessionCookie, setSessionCookie } from './identity.middleware.js';
import { organisationName, requestMeta, safeNext } from './identity.http.js';
import type { PersonRecord } from './identity.repository.js';
import type { RoleName } from './identity.tables.js';
import { authRateLimiter, PASSKEYS_SCRIPT_PATH } from './passkeys.routes.js';
import { requireSession } from './policy.js';

/** How many people of each kind the demo page lists. */
const DEMO_LIST = { citizens: 20, officials: 300, others: 20 };

/** A passkey button: hidden until the script runs, with a no-JS explanation and an error line. */
export function PasskeyButton(props: { c: Context<AppEnv>; kind: 'authentication' | 'registration' | 'reauthentication'; text: string; noscript: string; next: string; errorText: string }) {
  const errorId = `passkey-error-${props.kind}`;
  return (
    <div class="govuk-form-group">
      <p class="govuk-error-message" id={errorId} role="alert" hidden>{props.errorText}</p>
      <button type="button" class="govuk-button" data-module="govuk-button" data-passkey={props.kind} data-csrf={props.c.get('csrfToken')} data-next={props.next} data-error-target={errorId} hidden>
        {props.text}
      </button>
      <noscript>
        <div class="govuk-inset-text">{props.noscript}</div>
      </noscript>
      <script src={PASSKEYS_SCRIPT_PATH} defer></script>
    </div>
  );
}

function DemoGroup({ c, heading, people, next }: { c: Context<AppEnv>; heading: string; people: PersonRecord[]; next: string }) {
  const t = c.get('t');
  if (people.length === 0) return null;
  return (
    <>
      <h2 class="govuk-heading-m">{heading}</h2>
      <ul class="govuk-list">
        {people.map((p) => (
          <li>
            <form method="post" action="/sign-in/demo">
              <CsrfField c={c} />
              <input type="hidden" name="personId" value={p.id} />
              <input type="hidden" name="next" value={next} />
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" data-module="govuk-button">
                {t('identity.demo.signInAs', { name: p.displayName })}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}

async function demoPage(c: Context<AppEnv>, kernel: Kernel) {
  const t = c.get('t');
  const next = safeNext(c.req.query('next'));
  const id = kernel.identity;
  const [citizens, officials, vendors, auditors, admins, agencies] = await Promise.all([
    id.listPeopleWithRole('citizen', DEMO_LIST.citizens),
    id.listPeopleWithRole('official', DEMO_LIST.officials),
    id.listPeopleWithRole('vendor', DEMO_LIST.others),
    id.listPeopleWithRole('auditor', DEMO_LIST.others),
    id.listPeopleWithRole('platform_admin', DEMO_LIST.others),
    id.listOrganisations(),
  ]);
  const byAgency = new Map<string, PersonRecord[]>();
  for (const o of officials) {
    if (!o.organisationId) continue;
    byAgency.set(o.organisationId, [...(byAgency.get(o.organisationId) ?? []), o]);
  }
  const unique = (people: PersonRecord[]) => [...new Map(people.map((p) => [p.id, p])).values()];
  const empty = citizens.length + officials.length + vendors.length + auditors.length + admins.length === 0;
  return renderPage(
    c,
    { title: t('identity.demo.title') },
    <>
      <NotificationBanner t={t} title={t('identity.demo.bannerTitle')} heading={t('identity.demo.bannerHeading')}>
        <p class="govuk-body">{t('identity.demo.bannerText')}</p>
      </NotificationBanner>
      <h1 class="govuk-heading-l">{t('identity.demo.title')}</h1>
      {empty ? <p class="govuk-body">{t('identity.demo.none')}</p> : null}
      <DemoGroup c={c} heading={t('identity.demo.citizens')} people={unique(citizens)} next={next} />
      {agencies
        .filter((a) => byAgency.has(a.id))
        .map((a) => (
          <DemoGroup c={c} heading={t('identity.demo.officials', { agency: organisationName(c, a) })} people={byAgency.get(a.id)!} next={next} />
        ))}
      <DemoGroup c={c} heading={t('identity.demo.vendors')} people={unique(vendors)} next={next} />
      <DemoGroup c={c} heading={t('identity.demo.auditors')} people={unique(auditors)} next={next} />
      <DemoGroup c={c} heading={t('identity.demo.platformAdmins')} people={unique(admins)} next={next} />
    </>,
  );
}

const DEMO_ROLES: RoleName[] = ['citizen', 'official', 'agency_admin', 'vendor', 'auditor', 'platform_admin'];

export function registerSignInPages(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/sign-in', (c) => {
    const t = c.get('t');
    const next = safeNext(c.req.query('next'));
    return renderPage(
      c,
      { title: t('identity.signIn.title') },
      <>
        <h1 class="govuk-heading-l">{t('identity.signIn.title')}</h1>
        <p class="govuk-body-l">{t('identity.signIn.lead')}</p>
        <PasskeyButton c={c} kind="authentication" text={t('identity.signIn.passkeyButton')} noscript={t('identity.signIn.noscript')} next={next} errorText={t('identity.signIn.failed')} />
        <p class="govuk-body">{t('identity.signIn.noPasskey')}</p>
        {kernel.config.demo ? (
          <p class="govuk-body">
            <a class="govuk-link" href={`/sign-in/demo?next=${encodeURIComponent(next)}`}>{t('identity.signIn.demoLink')}</a>
          </p>
        ) : null}
      </>,
    );
  });

  app.get('/sign-in/demo', (c) => {
    if (!kernel.config.demo) throw notFound('The page');
    return demoPage(c, kernel);
  });

  app.post('/sign-in/demo', authRateLimiter('demo'), async (c) => {
    if (!kernel.config.demo) throw notFound('The page');
    const body = await c.req.parseBody();
    const personId = typeof body.personId === 'string' ? body.personId : '';
    const person = personId ? await kernel.identity.getPerson(personId) : undefined;
    const roles = person ? await kernel.identity.rolesOf(person.id) : [];
    if (!person || !roles.some((r) => DEMO_ROLES.includes(r.role))) {
      throw new DomainError('demo_persona_unknown', 422, c.get('t')('identity.demo.unknownPerson'));
    }
    const current = c.get('session');
    if (current) await kernel.identity.sessions.revokeSession(current.sessionId, current.personId).catch(() => undefined);
    const issued = await kernel.identity.sessions.issueSession(person.id, { ...requestMeta(c), isDemo: true });
    setSessionCookie(c, kernel, issued);
    return c.redirect(safeNext(body.next), 303);
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    if (session) await kernel.identity.sessions.revokeSession(session.sessionId, session.personId).catch(() => undefined);
    clearSessionCookie(c, kernel);
    return c.redirect('/', 303);
  });

  app.get('/reauthenticate', async (c) => {
    const t = c.get('t');
    const session = requireSession(c);
    const next = safeNext(c.req.query('next'));
    const hasPasskey = (await kernel.identity.passkeys.listPasskeys(session.personId)).length > 0;
    return renderPage(
      c,
      { title: t('identity.reauth.title') },
      <>
        <h1 class="govuk-heading-l">{t('identity.reauth.title')}</h1>
        <p class="govuk-body">{t('identity.reauth.lead')}</p>
        {hasPasskey ? (
          <PasskeyButton c={c} kind="reauthentication" text={t('identity.reauth.button')} noscript={t('identity.signIn.noscript')} next={next} errorText={t('identity.signIn.failed')} />
        ) : (
          <p class="govuk-body">{t('identity.reauth.noPasskey')}</p>
        )}
      </>,
    );
  });
}
