import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import * as oidc from 'openid-client';
import { createApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import { migrate } from '../../src/kernel/db/migrator.js';
import { createLogger } from '../../src/kernel/http/logger.js';
import { createKernel, migrationSourcesFor, type Kernel } from '../../src/kernel/kernel.js';
import { createOidcClients } from '../../src/kernel/oidc/oidc.clients.js';
import { allModules } from '../../src/modules/index.js';
import { createTestDatabase } from '../support/database.js';
import { testConfig } from '../support/nara.js';

/** A browser with a cookie jar that follows no redirect by itself. */
class Browser {
  private jar = new Map<string, { value: string; path: string }>();
  constructor(private readonly base: string) {}

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url, this.base);
    const cookie = [...this.jar.entries()]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('\n')[0]}=${c.value}`)
      .join('; ');
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const gone = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()) || /^max-age=0$/i.test(a.trim()));
      const key = `${name!.trim()}\n${path}`;
      if (gone || rest.join('=') === '') this.jar.delete(key);
      else this.jar.set(key, { value: rest.join('='), path });
    }
    return res;
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no _csrf field');

interface Rp {
  config: oidc.Configuration;
  redirectUri: string;
}

describe('Nara as an OpenID provider for agency systems', () => {
  let database: DatabaseHandle;
  let kernel: Kernel;
  let server: ServerType;
  let base: string;
  let person: string;
  let admin: string;
  let agencyA: string;
  let agencyB: string;
  const consentPages: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    await migrate(database.db, migrationSourcesFor(allModules));
    let fetchApp: (req: Request, env: unknown) => Response | Promise<Response> = () => new Response(null, { status: 503 });
    server = serve({ fetch: (req, env) => fetchApp(req, env), port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    kernel = createKernel({ config: testConfig({ publicUrl: base, demo: true }), database, modules: allModules, logger: createLogger('silent') });
    const app = createApp({ kernel, modules: allModules });
    fetchApp = (req, env) => app.fetch(req, env);
    const id = kernel.identity;
    [agencyA, agencyB] = await id.createOrganisations([
      { kind: 'central_ministry', code: 'AAA', nameEn: 'Agency A', nameKo: '가 기관' },
      { kind: 'province', code: 'BBB', nameEn: 'Agency B', nameKo: '나 기관' },
    ]) as [string, string];
    person = await id.createPerson({ givenName: 'Minji', familyName: 'Kim', displayName: 'Kim Minji', email: 'minji@example.kr', locale: 'en' });
    await id.appointOfficial({ personId: person, organisationId: agencyA, title: 'Officer' });
    admin = await id.createPerson({ givenName: 'Admin', familyName: 'Park' });
    await id.grantRole(admin, 'platform_admin', null);
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  });

  async function demoSignIn(browser: Browser, personId: string, next: string): Promise<Response> {
    const page = await browser.request(`/sign-in/demo?next=${encodeURIComponent(next)}`);
    assert.equal(page.status, 200);
    return browser.request('/sign-in/demo', { form: { _csrf: csrfOf(await page.text()), personId, next } });
  }

  async function rpFor(clientId: string, secret: string, redirectUri: string): Promise<Rp> {
    const config = await oidc.discovery(new URL(`${base}/oidc`), clientId, { redirect_uris: [redirectUri] }, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
    return { config, redirectUri };
  }

  /** Follows the flow like a person: signs in as the demo persona and answers the consent screen. */
  async function authorize(browser: Browser, rp: Rp, options: { scope: string; decision?: 'confirm' | 'abort' }) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    let url = oidc.buildAuthorizationUrl(rp.config, {
      redirect_uri: rp.redirectUri,
      scope: options.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      prompt: 'consent',
    }).href;
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(rp.redirectUri)) return { callback: new URL(url), verifier, state };
      const res = await browser.request(url);
      if (res.status >= 300 && res.status < 400) {
        const location = new URL(res.headers.get('location')!, url).href;
        const signIn = new URL(location);
        if (signIn.origin === base && signIn.pathname === '/sign-in') {
          const next = signIn.searchParams.get('next')!;
          assert.match(next, /^\/oidc\/interaction\//);
          const done = await demoSignIn(browser, person, next);
          assert.equal(done.status, 303);
          url = new URL(done.headers.get('location')!, base).href;
        } else {
          url = location;
        }
        continue;
      }
      const html = await res.text();
      assert.equal(res.status, 200, html.slice(0, 500));
      consentPages.push(html);
      const action = new RegExp(`action="([^"]+/${options.decision ?? 'confirm'})"`).exec(html)?.[1] ?? assert.fail('no consent form');
      const answered = await browser.request(action, { form: { _csrf: csrfOf(html) } });
      assert.equal(answered.status, 303);
      url = new URL(answered.headers.get('location')!, base).href;
    }
    assert.fail('too many redirects');
  }

  async function signInThrough(rp: Rp, scope = 'openid profile email org offline_access') {
    const browser = new Browser(base);
    const { callback, verifier, state } = await authorize(browser, rp, { scope });
    const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    return { browser, tokens };
  }

  let clientA1: { clientId: string; secret: string };
  const redirectA1 = 'https://permits.agency-a.example/callback';

  it('serves the discovery document for the /oidc issuer', async () => {
    const res = await fetch(`${base}/oidc/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    assert.equal(doc.issuer, `${base}/oidc`);
    assert.equal(doc.authorization_endpoint, `${base}/oidc/auth`);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(doc.subject_types_supported, ['pairwise']);
    assert.ok((doc.scopes_supported as string[]).includes('offline_access'));
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as { keys: { alg: string; d?: string }[] };
    assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
    assert.ok(jwks.keys.every((k) => k.d === undefined));
  });

  it('lets a platform admin register a client, showing its secret once', async () => {
    const anonymous = await new Browser(base).request('/admin/oidc/clients');
    assert.equal(anonymous.status, 303);
    const browser = new Browser(base);
    await demoSignIn(browser, admin, '/admin/oidc/clients');
    const page = await browser.request('/admin/oidc/clients');
    assert.equal(page.status, 200);
    const csrf = csrfOf(await page.text());
    const invalid = await browser.request('/admin/oidc/clients', { form: { _csrf: csrf, name: 'Permits', organisationId: agencyA, redirectUris: 'http://evil.example/cb', authMethod: 'client_secret_basic' } });
    assert.equal(invalid.status, 422);
    assert.match(await invalid.text(), /govuk-error-summary/);
    const created = await browser.request('/admin/oidc/clients', { form: { _csrf: csrf, name: 'Permits', organisationId: agencyA, redirectUris: redirectA1, authMethod: 'client_secret_basic' } });
    assert.equal(created.status, 200);
    const html = await created.text();
    const codes = [...html.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
    clientA1 = { clientId: codes[0]!, secret: codes[1]! };
    assert.match(clientA1.clientId, /^nara_/);
    assert.equal(clientA1.secret.length, 43);
    const listed = await (await browser.request('/admin/oidc/clients')).text();
    assert.ok(listed.includes(clientA1.clientId));
    assert.ok(!listed.includes(clientA1.secret));
  });

  it('signs a person in to a relying party: code + PKCE, ID token, userinfo, refresh', async () => {
    const rp = await rpFor(clientA1.clientId, clientA1.secret, redirectA1);
    const { tokens } = await signInThrough(rp);
    const claims = tokens.claims()!;
    assert.equal(claims.iss, `${base}/oidc`);
    assert.equal(claims.aud, clientA1.clientId);
    assert.equal(claims.sub, kernel.identity.pseudonymFor(person, agencyA));
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    assert.equal(info.name, 'Kim Minji');
    assert.equal(info.email, 'minji@example.kr');
    assert.equal(info.locale, 'en');
    assert.deepEqual(info.org, [agencyA]);
    assert.ok(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token);
    assert.ok(refreshed.access_token);
    assert.equal(refreshed.claims()?.sub, claims.sub);
    const again = await oidc.fetchUserInfo(rp.config, refreshed.access_token, claims.sub);
    assert.equal(again.name, 'Kim Minji');
  });

  it('shows a consent page with one h1 and CSRF-protected forms', () => {
    const html = consentPages[0]!;
    assert.equal(html.match(/<h1[\s>]/g)?.length, 1);
    assert.ok(html.includes('Permits'));
    assert.ok(html.includes('Agency A'));
    assert.equal(html.match(/name="_csrf"/g)?.length, 3); // Allow, Deny, and the header's sign-out form
  });

  it('gives the same sub to systems of one agency and a different one to another agency', async () => {
    const clients = createOidcClients({ db: kernel.db, identity: kernel.identity, now: () => new Date() });
    const a2 = await clients.register({ name: 'Licences', organisationId: agencyA, redirectUris: ['http://localhost:8080/cb'], authMethod: 'client_secret_basic' });
    const b1 = await clients.register({ name: 'Grants', organisationId: agencyB, redirectUris: ['https://grants.agency-b.example/cb'], authMethod: 'client_secret_basic' });
    const subA2 = (await signInThrough(await rpFor(a2.clientId, a2.clientSecret!, 'http://localhost:8080/cb'), 'openid')).tokens.claims()!.sub;
    const subB1 = (await signInThrough(await rpFor(b1.clientId, b1.clientSecret!, 'https://grants.agency-b.example/cb'), 'openid')).tokens.claims()!.sub;
    assert.equal(subA2, kernel.identity.pseudonymFor(person, agencyA));
    assert.notEqual(subB1, subA2);
    assert.ok(!subA2.includes(person) && !subB1.includes(person));
  });

  it('refuses an unregistered redirect_uri without redirecting', async () => {
    const rp = await rpFor(clientA1.clientId, clientA1.secret, redirectA1);
    const url = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: 'https://evil.example/cb', scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /redirect_uri/);
  });

  it('requires PKCE', async () => {
    const rp = await rpFor(clientA1.clientId, clientA1.secret, redirectA1);
    const res = await fetch(oidc.buildAuthorizationUrl(rp.config, { redirect_uri: redirectA1, scope: 'openid' }), { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.origin + location.pathname, redirectA1);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
  });

  it('returns access_denied to the relying party when the person does not allow it', async () => {
    const rp = await rpFor(clientA1.clientId, clientA1.secret, redirectA1);
    const { callback, verifier, state } = await authorize(new Browser(base), rp, { scope: 'openid email', decision: 'abort' });
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    await assert.rejects(oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: verifier, expectedState: state }), (e: { error?: string }) => e.error === 'access_denied');
  });
});
