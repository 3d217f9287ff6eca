import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../src/kernel/http/context.js';
import { registerShellPages } from '../../src/kernel/ui/shell.routes.js';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { formsIn, probeModule } from './ui-support.js';

const browser = { accept: 'text/html,application/xhtml+xml' };

describe('UI shell: home page, language and layout', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: [...allModules, probeModule] });
  });
  after(() => nara.close());

  it('renders the home page in English with the layout landmarks', async () => {
    const res = await nara.app.request('/', { headers: { ...browser, 'accept-language': 'en-GB' } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /^<!DOCTYPE html><html lang="en"/);
    assert.match(html, /<title>Public services in one place – Nara<\/title>/);
    assert.match(html, /<a href="#main-content" class="govuk-skip-link"/);
    assert.match(html, /<main class="govuk-main-wrapper" id="main-content">/);
    assert.equal(html.match(/<h1\b/g)?.length, 1);
    assert.match(html, /<header\b/);
    assert.match(html, /<footer\b/);
    assert.match(html, /href="\/accessibility"/);
    assert.match(html, /href="\/api\/reference"/);
    assert.match(html, /href="\/sign-in\?next=%2F"/);
  });

  it('lists every service area, linking built ones and marking the rest as coming', async () => {
    const html = await (await nara.app.request('/', { headers: browser })).text();
    assert.match(html, /<a class="govuk-link" href="\/petitions">Petitions and participation<\/a>/);
    // The kernel serves the transparency log itself (/transparency); the epeople module serves e-People.
    assert.match(html, /<a class="govuk-link" href="\/transparency">Transparency log<\/a>/);
    assert.match(html, /<a class="govuk-link" href="\/epeople">e-People complaints<\/a>/);
    assert.match(html, /<a class="govuk-link" href="\/sharing">Information sharing<\/a>/);
    assert.match(html, /<a class="govuk-link" href="\/gov24">Gov24 citizen portal<\/a>/);
    assert.match(html, /<a class="govuk-link" href="\/procurement">e-Procurement<\/a>/);
    for (const title of ['Documents and records', 'Open data']) {
      assert.ok(html.includes(`${title}</h3>`), `${title} is listed without a link`);
    }
    assert.equal(html.match(/>Coming</g)?.length, 2);
  });

  it('renders in Korean from Accept-Language, the cookie or ?lang=ko', async () => {
    const byHeader = await (await nara.app.request('/', { headers: { ...browser, 'accept-language': 'ko-KR,ko;q=0.9' } })).text();
    assert.match(byHeader, /<html lang="ko"/);
    assert.ok(byHeader.includes('한 곳에서 만나는 공공서비스'));
    assert.ok(byHeader.includes('본문 바로가기'));
    const byCookie = await (await nara.app.request('/', { headers: { ...browser, cookie: 'nara_lang=ko' } })).text();
    assert.match(byCookie, /<html lang="ko"/);
    assert.match(byCookie, /<title>한 곳에서 만나는 공공서비스 – 나라<\/title>/);
  });

  it('remembers ?lang= in the nara_lang cookie and offers the other language as a link', async () => {
    const res = await nara.app.request('/accessibility?lang=ko', { headers: browser });
    assert.match(res.headers.get('set-cookie') ?? '', /nara_lang=ko; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
    const html = await res.text();
    assert.match(html, /<html lang="ko"/);
    assert.match(html, /href="\/accessibility\?lang=en"[^>]*>English<\/a>/);
    const next = await nara.app.request('/accessibility', { headers: { ...browser, cookie: 'nara_lang=ko' } });
    assert.match(await next.text(), /<h1 class="govuk-heading-xl">웹 접근성 정책<\/h1>/);
    const back = await nara.app.request('/?lang=en', { headers: { ...browser, cookie: 'nara_lang=ko' } });
    assert.match(back.headers.get('set-cookie') ?? '', /nara_lang=en/);
    assert.match(await back.text(), /<html lang="en"/);
  });

  it('/lang sets the cookie and redirects only to a same-origin path', async () => {
    const ok = await nara.app.request('/lang?to=ko&next=%2Faccessibility%3Flang%3Den', { headers: browser });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/accessibility');
    assert.match(ok.headers.get('set-cookie') ?? '', /nara_lang=ko/);
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'evil.example', '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n')]) {
      const res = await nara.app.request(`/lang?to=en&next=${encodeURIComponent(next)}`, { headers: browser });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/', `next=${JSON.stringify(next)} must not leave the site`);
    }
    const unknown = await nara.app.request('/lang?to=xx&next=/', { headers: browser });
    assert.equal(unknown.status, 303);
    assert.doesNotMatch(unknown.headers.get('set-cookie') ?? '', /nara_lang/);
  });

  it('sends a strict CSP and has no inline script or style in its pages', async () => {
    for (const path of ['/', '/accessibility', '/api/reference', '/no-such-page']) {
      const res = await nara.app.request(path, { headers: browser });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
      assert.ok(scripts.length >= 2);
      for (const s of scripts) assert.match(s, /^<script\b[^>]*\ssrc="\/assets\/[^"]+"[^>]*><\/script>$/, `inline script on ${path}: ${s}`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `inline event handler on ${path}`);
      assert.doesNotMatch(html, /\sstyle=/i, `inline style on ${path}`);
      assert.doesNotMatch(html, /<style\b/i);
    }
  });

  it('puts a _csrf field in every form, including the signed-in header’s sign-out form', async () => {
    const anonymous = await (await nara.app.request('/', { headers: browser })).text();
    for (const form of formsIn(anonymous)) assert.match(form, /name="_csrf" value="[A-Za-z0-9_-]{32,}"/);
    const app = new OpenAPIHono<AppEnv>();
    app.use(async (c, next) => {
      c.set('csrfToken', 'x'.repeat(32));
      c.set('session', {
        sessionId: 's', personId: 'p', displayName: 'Kim Minji', authenticatedAt: new Date(), roles: [], officialOf: [], isDemo: true,
      });
      c.set('locale', 'en');
      c.set('t', nara.kernel.i18n.translator('en'));
      await next();
    });
    registerShellPages(app, nara.kernel);
    const html = await (await app.request('/')).text();
    const forms = formsIn(html);
    assert.equal(forms.length, 1);
    assert.match(forms[0]!, /method="post" action="\/sign-out"/);
    assert.match(forms[0]!, /name="_csrf" value="x{32}"/);
    assert.match(html, /<a class="govuk-service-navigation__link" href="\/account">Signed in as Kim Minji<\/a>/);
    assert.doesNotMatch(html, /href="\/sign-in/);
  });
});
