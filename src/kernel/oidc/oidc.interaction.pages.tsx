import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type Provider from 'oidc-provider';
import type { AppEnv, SessionContext } from '../http/context.js';
import { DomainError } from '../http/errors.js';
import { organisationName, signInPath } from '../identity/identity.http.js';
import type { Kernel } from '../kernel.js';
import { SummaryList } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import type { OidcClients } from './oidc.clients.js';
import { INTERACTION_PATH } from './oidc.provider.js';
import type { ProviderHandle } from './oidc.routes.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const interactionGone = () =>
  new DomainError('oidc_interaction_not_found', 400, 'This sign-in request has expired or was made in another browser. Go back to the service and start again.');

/**
 * oidc-provider finds an interaction through its signed cookie; it reads nothing else of the
 * request and writes nothing to the response, so a cookie-only stand-in serves (and keeps these
 * pages independent of the Node server).
 */
function cookieCarrier(c: Context<AppEnv>): [IncomingMessage, ServerResponse] {
  const req = { method: c.req.method, url: c.req.path, headers: { cookie: c.req.header('cookie') ?? '' }, socket: {} };
  const res = { getHeader: () => undefined, setHeader: () => undefined, headersSent: false };
  return [req as unknown as IncomingMessage, res as unknown as ServerResponse];
}

async function interactionFor(c: Context<AppEnv>, provider: Provider): Promise<Interaction> {
  try {
    const details = await provider.interactionDetails(...cookieCarrier(c));
    if (details.uid !== c.req.param('uid')) throw interactionGone();
    return details;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw interactionGone();
  }
}

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The provider's session is someone else's, or the provider still asks who is signing in. */
const needsLogin = (details: Interaction, session: SessionContext) =>
  details.prompt.name === 'login' || details.session?.accountId !== session.personId;

/**
 * The provider's login and consent steps as Nara pages. Login is the Nara session itself
 * (passkey or, in demo mode, a demo persona): without one the person is sent to /sign-in and
 * back here. Consent names the agency system and what it will receive, with Allow and Deny.
 */
export function registerInteractionPages(app: OpenAPIHono<AppEnv>, kernel: Kernel, provider: ProviderHandle, clients: OidcClients): void {
  const here = (uid: string) => `${INTERACTION_PATH}/${encodeURIComponent(uid)}`;

  app.get(`${INTERACTION_PATH}/:uid`, async (c) => {
    const p = await provider();
    const details = await interactionFor(c, p);
    const session = c.get('session');
    if (!session) return c.redirect(signInPath(here(details.uid)), 303);
    if (needsLogin(details, session)) {
      const login = { accountId: session.personId, ts: epochSeconds(session.authenticatedAt), amr: [session.isDemo ? 'demo' : 'hwk'] };
      return c.redirect(await p.interactionResult(...cookieCarrier(c), { login }, { mergeWithLastSubmission: false }), 303);
    }
    return consentPage(c, kernel, clients, details);
  });

  app.post(`${INTERACTION_PATH}/:uid/confirm`, async (c) => {
    const p = await provider();
    const details = await interactionFor(c, p);
    const session = c.get('session');
    if (!session || needsLogin(details, session)) return c.redirect(here(details.uid), 303);
    const grant = details.grantId
      ? await p.Grant.find(details.grantId)
      : new p.Grant({ accountId: session.personId, clientId: String(details.params.client_id) });
    if (!grant) throw interactionGone();
    const asked = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (asked.missingOIDCScope) grant.addOIDCScope(asked.missingOIDCScope.join(' '));
    if (asked.missingOIDCClaims) grant.addOIDCClaims(asked.missingOIDCClaims);
    const grantId = await grant.save();
    const consent = details.grantId ? {} : { grantId };
    return c.redirect(await p.interactionResult(...cookieCarrier(c), { consent }, { mergeWithLastSubmission: true }), 303);
  });

  app.post(`${INTERACTION_PATH}/:uid/abort`, async (c) => {
    const p = await provider();
    await interactionFor(c, p);
    const result = { error: 'access_denied', error_description: 'The person declined to share their details with the service.' };
    return c.redirect(await p.interactionResult(...cookieCarrier(c), result, { mergeWithLastSubmission: false }), 303);
  });
}

async function consentPage(c: Context<AppEnv>, kernel: Kernel, clients: OidcClients, details: Interaction) {
  const t = c.get('t');
  const client = await clients.find(String(details.params.client_id));
  if (!client) throw interactionGone();
  const agency = await kernel.identity.getOrganisation(client.nara_organisation_id);
  const agencyName = organisationName(c, agency);
  const scopes = String(details.params.scope ?? '')
    .split(' ')
    .filter((s) => s && s !== 'openid');
  const shares = ['sub', ...scopes.filter((s) => ['profile', 'email', 'org', 'offline_access'].includes(s))];
  const action = (what: 'confirm' | 'abort') => `${INTERACTION_PATH}/${encodeURIComponent(details.uid)}/${what}`;
  c.header('Cache-Control', 'no-store');
  return renderPage(
    c,
    { title: t('oidc.consent.title', { client: client.client_name }) },
    <>
      <span class="govuk-caption-l">{agencyName}</span>
      <h1 class="govuk-heading-l">{t('oidc.consent.title', { client: client.client_name })}</h1>
      <p class="govuk-body">{t('oidc.consent.lead', { client: client.client_name, agency: agencyName })}</p>
      <SummaryList rows={[
        { key: t('oidc.consent.system'), value: client.client_name },
        { key: t('oidc.consent.agency'), value: agencyName },
      ]} />
      <h2 class="govuk-heading-m">{t('oidc.consent.sharesHeading')}</h2>
      <ul class="govuk-list govuk-list--bullet">
        {shares.map((s) => <li>{t(`oidc.scope.${s}`)}</li>)}
      </ul>
      <p class="govuk-body">{t('oidc.consent.pseudonym')}</p>
      <div class="govuk-button-group">
        <form method="post" action={action('confirm')}>
          <CsrfField c={c} />
          <button type="submit" class="govuk-button" data-module="govuk-button">{t('oidc.consent.allow')}</button>
        </form>
        <form method="post" action={action('abort')}>
          <CsrfField c={c} />
          <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{t('oidc.consent.deny')}</button>
        </form>
      </div>
    </>,
  );
}
