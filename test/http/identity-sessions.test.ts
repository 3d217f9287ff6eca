import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../src/app.js';
import { Browser, seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { createKernel } from '../../src/kernel/kernel.js';
import { AUTH_RATE_LIMIT } from '../../src/kernel/identity/passkeys.routes.js';
import { SESSION_IDLE_SECONDS } from '../../src/kernel/identity/session.service.js';
import { createTestNara, testConfig, type TestNara } from '../support/nara.js';

describe('sessions, demo personas and page authorization', () => {
  let nara: TestNara;
  let world: SmallWorld;
  before(async () => {
    nara = await createTestNara({ config: { demo: true } });
    world = await seedSmallWorld(nara.kernel);
  });
  after(() => nara.close());

  it('lists demo personas by role behind a demo-only warning', async () => {
    const res = await nara.app.request('/sign-in/demo');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Demo only/);
    assert.match(html, /Officials of Province A/);
    assert.match(html, /Sign in as KimMinji/);
    assert.match(html, /name="_csrf"/);
  });

  it('signs a demo persona in with an HttpOnly SameSite=Lax cookie and stores only the token hash', async () => {
    const b = new Browser(nara.app);
    const res = await b.signInAsDemo(world.citizen);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/account');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('nara_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);
    const token = b.cookies.get('nara_session')!;
    const rows = await sql<{ token_hash: string; is_demo: boolean }>`select token_hash, is_demo from session where person_id = ${world.citizen}`.execute(nara.kernel.db);
    assert.equal(rows.rows.length, 1);
    assert.notEqual(rows.rows[0]!.token_hash, token);
    assert.equal(rows.rows[0]!.is_demo, true);
    const account = await b.request('/account');
    assert.equal(account.status, 200);
    const html = await account.text();
    assert.match(html, /minji@example.test/);
    assert.equal(html.includes('2345678'), false, 'the NIN is never shown');
  });

  it('refuses a demo sign-in without the CSRF token or for an unknown person', async () => {
    const b = new Browser(nara.app);
    await b.csrf();
    const noToken = await b.request('/sign-in/demo', { method: 'POST', body: new URLSearchParams({ personId: world.citizen }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noToken.status, 403);
    const unknown = await b.signInAsDemo('per_nobody');
    assert.equal(unknown.status, 422);
  });

  it('redirects page requests to sign-in and answers API requests with 401 problem+json', async () => {
    const page = await nara.app.request('/account');
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/sign-in?next=%2Faccount');
    const api = await nara.app.request('/api/v1/me');
    assert.equal(api.status, 401);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
    assert.equal((await api.json()).code, 'unauthenticated');
  });

  it('signs out: the session is revoked and the cookie no longer works', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.citizen);
    const token = b.cookies.get('nara_session')!;
    const out = await b.postForm('/sign-out');
    assert.equal(out.status, 303);
    assert.equal(b.cookies.has('nara_session'), false);
    const reuse = await nara.app.request('/api/v1/me', { headers: { cookie: `nara_session=${token}` } });
    assert.equal(reuse.status, 401);
  });

  it('lists my sessions and revokes another one', async () => {
    const laptop = new Browser(nara.app);
    const phone = new Browser(nara.app);
    await laptop.signInAsDemo(world.auditor);
    await phone.signInAsDemo(world.auditor);
    const list = await nara.kernel.identity.sessions.listSessions(world.auditor, 'x');
    assert.equal(list.length, 2);
    const me = await (await phone.request('/api/v1/me')).json();
    assert.equal(me.id, world.auditor);
    const phoneSession = (await nara.kernel.identity.sessions.resolveSession(phone.cookies.get('nara_session')!))!.sessionId;
    const html = await (await laptop.request('/account')).text();
    assert.ok(html.includes(`/account/sessions/${phoneSession}/revoke`));
    const revoke = await laptop.postForm(`/account/sessions/${phoneSession}/revoke`);
    assert.equal(revoke.headers.get('location'), '/account?revoked=session');
    assert.equal((await phone.request('/api/v1/me')).status, 401);
    assert.equal((await laptop.request('/api/v1/me')).status, 200);
    const other = new Browser(nara.app);
    await other.signInAsDemo(world.citizen);
    assert.equal((await other.postForm(`/account/sessions/${phoneSession}/revoke`)).status, 404, 'not someone else’s session');
  });

  it('ends a session after the idle timeout', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.vendor);
    nara.clock.advance((SESSION_IDLE_SECONDS - 60) * 1000);
    assert.equal((await b.request('/api/v1/me')).status, 200);
    nara.clock.advance((SESSION_IDLE_SECONDS + 1) * 1000);
    assert.equal((await b.request('/api/v1/me')).status, 401);
  });

  it('shows an official their agency chain and 403 to a citizen', async () => {
    const official = new Browser(nara.app);
    await official.signInAsDemo(world.officialA);
    const res = await official.request('/official');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Province A/);
    assert.match(html, /Ministry of the Interior/);
    assert.match(html, /Civil affairs/);
    const citizen = new Browser(nara.app);
    await citizen.signInAsDemo(world.citizen);
    assert.equal((await citizen.request('/official')).status, 403);
  });

  it('lets only the agency admin (or a platform admin) into the agency admin page', async () => {
    const admin = new Browser(nara.app);
    await admin.signInAsDemo(world.adminA);
    const own = await admin.request(`/agencies/${world.province}/admin`);
    assert.equal(own.status, 200);
    assert.match(await own.text(), /LeeJisoo/);
    assert.equal((await admin.request(`/agencies/${world.otherProvince}/admin`)).status, 403);
    assert.equal((await admin.request(`/agencies/${world.city}/admin`)).status, 403, 'no inheritance to child agencies');
    const officialB = new Browser(nara.app);
    await officialB.signInAsDemo(world.officialB);
    assert.equal((await officialB.request(`/agencies/${world.province}/admin`)).status, 403);
    const root = new Browser(nara.app);
    await root.signInAsDemo(world.platformAdmin);
    assert.equal((await root.request(`/agencies/${world.otherProvince}/admin`)).status, 200);
    assert.equal((await root.request('/agencies/org_missing/admin')).status, 404);
  });

  it('answers 401 then 403 on the API: PATCH /api/v1/me needs a person', async () => {
    assert.equal((await nara.app.request('/api/v1/me', { method: 'PATCH', body: '{}', headers: { 'content-type': 'application/json' } })).status, 401);
  });

  it('updates my contact details and lists unknown fields in a 422', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.citizen);
    const ok = await b.postJson('/api/v1/me', { email: 'new@example.test', locale: 'en' }, 'PATCH');
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).email, 'new@example.test');
    const bad = await b.postJson('/api/v1/me', { email: 'x@example.test', nin: '1', isAdmin: true }, 'PATCH');
    assert.equal(bad.status, 422);
    const problem = await bad.json();
    assert.equal(problem.code, 'validation_failed');
    assert.match(JSON.stringify(problem.errors), /nin/);
    assert.match(JSON.stringify(problem.errors), /isAdmin/);
    const badEmail = await b.postJson('/api/v1/me', { email: 'not an email' }, 'PATCH');
    assert.equal(badEmail.status, 422);
    const malformed = await b.request('/api/v1/me', { method: 'PATCH', body: '{', headers: { 'content-type': 'application/json', 'x-csrf-token': await b.csrf() } });
    assert.ok(malformed.status >= 400 && malformed.status < 500);
  });

  it('requires a fresh authentication for key changes', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.citizen);
    nara.clock.advance(20 * 60 * 1000);
    await b.request('/account'); // keeps the session alive
    nara.clock.advance(5 * 60 * 1000);
    const res = await b.postJson('/api/v1/auth/passkeys/registration/options', {});
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'reauthentication_required');
    const page = await b.postForm('/account/passkeys/none/delete');
    assert.equal(page.status, 303);
    assert.match(page.headers.get('location')!, /^\/reauthenticate/);
  });

  it('rate-limits the sign-in endpoints with a 429 problem', async () => {
    let last: Response | undefined;
    for (let i = 0; i <= AUTH_RATE_LIMIT.limit; i++) last = await nara.app.request('/api/v1/auth/passkeys/authentication/options', { method: 'POST' });
    assert.equal(last!.status, 429);
    assert.equal(last!.headers.get('content-type'), 'application/problem+json');
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    assert.equal((await last!.json()).code, 'rate_limited');
  });
});

describe('demo personas switched off', () => {
  it('answers 404 for the demo pages', async () => {
    const nara = await createTestNara({ config: { demo: false } });
    try {
      assert.equal((await nara.app.request('/sign-in/demo')).status, 404);
      const signIn = await (await nara.app.request('/sign-in')).text();
      assert.equal(signIn.includes('/sign-in/demo'), false);
      // Secure cookie when the public URL is https
      const kernel = createKernel({ config: testConfig({ publicUrl: 'https://nara.example', demo: true }), database: nara.database, modules: [], clock: nara.clock });
      const app = createApp({ kernel, modules: [] });
      const w = await seedSmallWorld(kernel);
      const b = new Browser(app);
      const res = await b.signInAsDemo(w.citizen);
      assert.match(res.headers.getSetCookie().find((c) => c.startsWith('nara_session='))!, /Secure/);
    } finally {
      await nara.close();
    }
  });
});
