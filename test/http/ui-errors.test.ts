import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { probeModule } from './ui-support.js';

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('UI shell: error pages', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: [...allModules, probeModule] });
  });
  after(() => nara.close());

  it('shows an unknown page as a 404 HTML page in the full layout', async () => {
    const res = await nara.app.request('/no-such-page', { headers: browser });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<title>Page not found – Nara<\/title>/);
    assert.match(html, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
    assert.match(html, /class="govuk-skip-link"/);
    assert.match(html, /<footer class="govuk-footer">/);
  });

  it('localises the error page', async () => {
    const html = await (await nara.app.request('/no-such-page', { headers: { ...browser, cookie: 'nara_lang=ko' } })).text();
    assert.match(html, /<html lang="ko"/);
    assert.match(html, /<h1 class="govuk-heading-l">페이지를 찾을 수 없습니다<\/h1>/);
  });

  it('answers problem+json for an unknown /api/ path', async () => {
    const res = await nara.app.request('/api/no-such-thing', { headers: browser });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal((await res.json()).code, 'route_not_found');
  });

  it('shows 405 with an Allow header', async () => {
    const res = await nara.app.request('/accessibility', { method: 'DELETE', headers: browser });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /GET/);
    assert.match(await res.text(), /This action is not possible here/);
  });

  it('shows 413 for a body that is too large, even before the locale is known', async () => {
    const res = await nara.app.request('/accessibility', {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(2 * 1024 * 1024), 'accept-language': 'ko' },
      body: 'a='.padEnd(2 * 1024 * 1024, 'x'),
    });
    assert.equal(res.status, 413);
    const html = await res.text();
    assert.match(html, /<html lang="ko"/);
    assert.match(html, /보낸 내용이 너무 큽니다/);
  });

  it('shows 403 for a form post without a CSRF token', async () => {
    const res = await nara.app.request('/probe/form', {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded', cookie: 'nara_csrf=' + 'a'.repeat(32) },
      body: 'x=1',
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /You cannot see this page/);
  });

  it('shows a 500 without internals, with the request id to quote', async () => {
    const res = await nara.app.request('/probe/boom', { headers: { ...browser, 'x-request-id': 'req-123' } });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /Sorry, there is a problem with the service/);
    assert.match(html, /req-123/);
    assert.doesNotMatch(html, /secret internal detail/);
  });
});
