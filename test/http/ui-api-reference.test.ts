import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { probeModule } from './ui-support.js';

describe('UI shell: API reference page', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: [...allModules, probeModule] });
  });
  after(() => nara.close());

  it('lists every operation of the OpenAPI document', async () => {
    const doc = (await (await nara.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    const res = await nara.app.request('/api/reference', { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    const html = await res.text();
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => m !== 'parameters').map((m) => ({ path, method: m, summary: item[m]!.summary })));
    assert.ok(operations.length >= 1);
    for (const op of operations) {
      assert.ok(html.includes(`nara-method--${op.method}">${op.method.toUpperCase()}</span><span class="nara-path">${op.path}</span>`), `${op.method} ${op.path}`);
      // As the page escapes text: &, <, >, " and ' become entities.
      const escaped = op.summary?.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      if (escaped) assert.ok(html.includes(escaped), op.summary);
    }
    assert.match(html, /href="\/api\/openapi.json"/);
    assert.match(html, /How agency systems authenticate/);
  });

  it('shows parameters, the request and response schemas of an operation', async () => {
    const html = await (await nara.app.request('/api/reference', { headers: { accept: 'text/html' } })).text();
    assert.ok(html.includes('Read one probe'));
    assert.match(html, /<code>probeId<\/code><\/td><td class="govuk-table__cell">path<\/td><td class="govuk-table__cell">string<\/td><td class="govuk-table__cell">Yes<\/td><td class="govuk-table__cell">The probe id<\/td>/);
    assert.match(html, /<code>verbose<\/code><\/td><td class="govuk-table__cell">query<\/td>/);
    assert.match(html, /<dt class="govuk-summary-list__key">200<\/dt>/);
    assert.match(html, /<dt class="govuk-summary-list__key">404<\/dt>/);
    assert.match(html, /&quot;weight&quot;/);
    assert.equal(html.match(/<h1\b/g)?.length, 1);
  });

  it('is in Korean when asked', async () => {
    const html = await (await nara.app.request('/api/reference?lang=ko', { headers: { accept: 'text/html' } })).text();
    assert.match(html, /<h1 class="govuk-heading-xl">API 참조<\/h1>/);
    assert.ok(html.includes('기관 시스템 인증 방법'));
  });
});
