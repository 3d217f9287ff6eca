import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { LOCALE_COOKIE } from '../http/context.js';
import { localeFromTag, negotiateLocale } from '../i18n/locales.js';
import type { Kernel } from '../kernel.js';
import { assetUrl } from '../ui/assets.js';
import { createAdapterFactory } from './oidc.adapter.js';
import { isClientSecret, type StoredClient } from './oidc.clients.js';
import { cookieKeysFor, loadOrCreateSigningKeys } from './oidc.keys.js';

/** Where the provider is mounted: the issuer is `${publicUrl}${OIDC_PATH}`. */
export const OIDC_PATH = '/oidc';
/** Nara's own pages for the provider's login and consent interactions. */
export const INTERACTION_PATH = `${OIDC_PATH}/interaction`;

/** Scopes a relying party may ask for, and the claims each releases. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'org'] as const;
const CLAIMS: Configuration['claims'] = {
  openid: ['sub'],
  profile: ['name', 'locale'],
  email: ['email', 'email_verified'],
  /** Officials only: the ids of the agencies where they hold a post. */
  org: ['org'],
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The OpenID provider for agency systems. Subject identifiers are pairwise by AGENCY, not by
 * host: `sub` is kernel.identity's per-agency pseudonym of the person for the agency that owns
 * the client, so every system of one agency sees the same `sub` and two agencies cannot link
 * their users. PKCE (S256) is required of every client; refresh tokens need `offline_access`.
 */
export async function createOidcProvider(kernel: Kernel): Promise<Provider> {
  const { config, identity } = kernel;
  const jwks = await loadOrCreateSigningKeys({ db: kernel.db, secretKey: config.secretKey, clock: kernel.clock });
  const configuration: Configuration = {
    adapter: createAdapterFactory(kernel.db),
    jwks: { keys: jwks as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: cookieKeysFor(config.secretKey) },
    claims: CLAIMS,
    scopes: [...OIDC_SCOPES],
    subjectTypes: ['pairwise'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'RS256', token_endpoint_auth_method: 'client_secret_basic' },
    extraClientMetadata: { properties: ['nara_organisation_id', 'nara_registered_at'] },
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    enabledJWA: {
      // Asymmetric only: a client secret is stored hashed, so it can never be an HMAC key.
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    pairwiseIdentifier: async (_ctx, accountId, client) => identity.pseudonymFor(accountId, String((client as unknown as StoredClient).nara_organisation_id)),
    findAccount: async (_ctx, id) => {
      const person = await identity.getPerson(id);
      if (!person) return undefined;
      return {
        accountId: person.id,
        claims: async () => {
          const posts = await identity.officialPostsOf(person.id);
          return {
            sub: person.id,
            name: person.displayName,
            locale: person.locale,
            ...(person.email ? { email: person.email, email_verified: false } : {}),
            ...(posts.length > 0 ? { org: [...new Set(posts.map((p) => p.organisationId))] } : {}),
          };
        },
      };
    },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      IdToken: 10 * 60,
      Interaction: 30 * 60,
      Session: 8 * 3600,
      Grant: 180 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    renderError: (ctx, out) => renderProviderError(ctx, out, kernel),
  };
  const provider = new Provider(`${config.publicUrl}${OIDC_PATH}`, configuration);
  // The mount sets X-Forwarded-Host and -Proto from NARA_PUBLIC_URL (never from the caller).
  provider.proxy = true;
  // Client secrets are stored as hashes: compare the presented secret's hash (oidc-provider
  // exposes this prototype method for exactly that).
  provider.Client.prototype.compareClientSecret = function compareHashed(this: { clientSecret?: string }, actual: string) {
    return isClientSecret(actual, this.clientSecret);
  } as never;
  provider.on('server_error', (_ctx, error) => kernel.logger.error('oidc provider error', { error }));
  return provider;
}

/** The provider's own error page (a bad redirect_uri, an unknown client): plain, in Nara's style. */
function renderProviderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }, kernel: Kernel): void {
  const cookieLocale = ctx.cookies.get(LOCALE_COOKIE);
  const locale = localeFromTag(cookieLocale) ?? negotiateLocale(ctx.get('accept-language') || undefined);
  const t = kernel.i18n.translator(locale);
  const title = t('oidc.error.title');
  ctx.type = 'html';
  ctx.set('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  ctx.body = `<!DOCTYPE html>
<html lang="${locale}" class="govuk-template"><head><meta charset="utf-8"><title>${escapeHtml(t('ui.page.title', { title }))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${assetUrl('/assets/govuk/govuk-frontend.min.css')}"><link rel="stylesheet" href="${assetUrl('/assets/nara/nara.css')}"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">${escapeHtml(title)}</h1>
<p class="govuk-body">${escapeHtml(t('oidc.error.lead'))}</p>
<p class="govuk-body"><code lang="en">${escapeHtml(out.error)}</code>${out.error_description ? ` <span lang="en">${escapeHtml(out.error_description)}</span>` : ''}</p>
<p class="govuk-body"><a class="govuk-link" href="/">${escapeHtml(t('oidc.error.home'))}</a></p>
</main></div></body></html>`;
}
