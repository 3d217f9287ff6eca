import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectPagesAxeClean } from '../support/serve.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;

before(async () => {
  nara = await createTestNara();
  const log = nara.kernel.transparencyLog;
  for (let i = 0; i < 23; i++) {
    await log.append({
      type: i % 2 ? 'signing.signature-made' : 'pki.certificate-issued',
      at: new Date(Date.UTC(2026, 2, 2, 0, i)).toISOString(),
      agency: 'org_testagency01',
      refs: { documentId: `doc_${String(i).padStart(8, '0')}` },
    });
  }
  await log.sequenceOnce();
});
after(() => nara.close());

const page = async (path: string) => {
  const res = await nara.app.request(path);
  return { status: res.status, html: await res.text() };
};

describe('/transparency', () => {
  test('the home page links its transparency area to the log page', async () => {
    const { html } = await page('/?lang=en');
    assert.match(html, /<a class="govuk-link" href="\/transparency">Transparency log<\/a>/);
  });

  test('shows the checkpoint, the newest entries first, and how to verify', async () => {
    const { status, html } = await page('/transparency?lang=en');
    assert.equal(status, 200);
    assert.match(html, /<h1 class="govuk-heading-l">Transparency log<\/h1>/);
    assert.match(html, /Number of entries<\/dt>\s*<dd class="govuk-summary-list__value">23</);
    const shown = [...html.matchAll(/href="\/transparency\?q=(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(shown, Array.from({ length: 20 }, (_, i) => 22 - i));
    assert.match(html, /nara verify receipt receipt.json --log-key &#39;localhost:\d+\/log\+[0-9a-f]{8}\+/);
    assert.match(html, /nara verify log http:\/\/localhost:\d+\/log --log-key/);
    assert.match(html, /href="\/transparency\?page=2"/);
    const second = await page('/transparency?page=2&lang=en');
    assert.deepEqual([...second.html.matchAll(/href="\/transparency\?q=(\d+)"/g)].map((m) => Number(m[1])), [2, 1, 0]);
    assert.equal((await page('/transparency?page=banana')).status, 200);
  });

  test('search by entry number shows the entry and its receipt link; bad input shows an error summary', async () => {
    const found = await page('/transparency?q=7&lang=en');
    assert.match(found.html, /<h2 class="govuk-heading-m">Entry 7<\/h2>/);
    assert.match(found.html, /doc_00000007/);
    assert.match(found.html, /href="\/api\/v1\/log\/receipts\/7"/);
    const missing = await page('/transparency?q=999&lang=en');
    assert.match(missing.html, /The log has no entry 999/);
    const bad = await page('/transparency?q=Kim&lang=en');
    assert.equal(bad.status, 400);
    assert.match(bad.html, /govuk-error-summary/);
    assert.match(bad.html, /href="#q"/);
  });

  test('in Korean', async () => {
    const { html } = await page('/transparency?lang=ko');
    assert.match(html, /<h1 class="govuk-heading-l">투명성 로그<\/h1>/);
  });

  // The page's markup does not depend on the database, and a browser is slow here: checked in the embedded pass.
  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('passes axe (WCAG 2.2 AA): the list, an entry, and a search error, without JavaScript', async () => {
    await expectPagesAxeClean(nara.app, ['/transparency?lang=en', '/transparency?q=7&lang=ko', '/transparency?q=Kim&lang=en']);
  });
});
