import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
// @ts-expect-error: a plain browser module without types
import { randomNonce, sealBidDocument } from '../../src/modules/procurement/assets/seal-bid.js';
import { expectNoAxeViolations, launchBrowser } from '../e2e/support/browser.js';
import { serveOnLoopback } from '../support/serve.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { HOUR, setUpProcurement, type ProcurementWorld } from './procurement-support.js';

let nara: TestNara;
let p: ProcurementWorld;
let tender: Awaited<ReturnType<ProcurementWorld['publish']>>;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

before(async () => {
  nara = await createTestNara();
  p = await setUpProcurement(nara);
  tender = await p.publish({ bidDeadline: new Date(nara.clock.now().getTime() + 2 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 2 * HOUR) });
});
after(() => nara.close());

describe('the bid page (the one page that needs JavaScript)', () => {
  test('says it needs JavaScript, names the CLI, and never gives the price field a name', async () => {
    const anonymous = await nara.app.request(`/procurement/tenders/${tender.id}/bid`);
    assert.ok([302, 303].includes(anonymous.status));
    const vendor = await as(p.vendors[0]!.person);
    const html = await (await vendor.request(`/procurement/tenders/${tender.id}/bid?lang=en`)).text();
    assert.ok(html.includes('This page needs JavaScript') && html.includes('nara seal-bid'));
    assert.match(html, /<input class="govuk-input" id="price" name=""/);
    assert.ok(html.includes(`data-tender-id="${tender.id}"`) && html.includes('data-opening-key='));
    assert.ok(html.includes('<script type="module" src="/procurement/assets/bid-page.js"></script>'));
    assert.ok(html.includes(`<option value="${p.vendors[0]!.business}"`));
  });

  test('a form sent without a sealed bid is refused with the reason; a sealed one is received with its commitment', async () => {
    const vendor = await as(p.vendors[1]!.person);
    const unsealed = await (await vendor.postForm(`/procurement/tenders/${tender.id}/bid?lang=en`, { vendorId: p.vendors[1]!.business, sealed: '' })).text();
    assert.ok(unsealed.includes('The bid was not sealed'));
    const sealed: string = await sealBidDocument({ tenderId: tender.id, vendorId: p.vendors[1]!.business, price: 912_345_678, picks: [3, 5], documents: [], nonce: randomNonce() }, tender.openingPublicJwk);
    const sent = await (await vendor.postForm(`/procurement/tenders/${tender.id}/bid?lang=en`, { vendorId: p.vendors[1]!.business, sealed })).text();
    assert.ok(sent.includes('Your sealed bid was received.'));
    assert.match(sent, /sha256:[0-9a-f]{64}/);
    assert.equal(await p.procurement.countValidBids(tender.id), 1);
  });

  // A real browser with JavaScript: the embedded pass only (slow, and independent of the database).
  const browserTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  browserTest?.('in Chromium the page seals the bid on the device; opening reads the price the vendor typed', async () => {
    const chromium = await launchBrowser();
    const { base, close } = await serveOnLoopback(nara.app);
    try {
      const context = await chromium.newContext({ javaScriptEnabled: true });
      const token = (await nara.kernel.identity.sessions.issueSession(p.vendors[0]!.person)).token;
      await context.addCookies([{ name: 'nara_session', value: token, url: base }]);
      const page = await context.newPage();
      const posted: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posted.push(r.postData() ?? '');
      });
      await page.goto(`${base}/procurement/tenders/${tender.id}/bid?lang=en`);
      await expectNoAxeViolations(page);
      await page.fill('#price', '905000000');
      await page.selectOption('#pick1', '3');
      await page.selectOption('#pick2', '4');
      await Promise.all([page.waitForURL(`**/procurement/tenders/${tender.id}/bid?lang=en`), page.click('button.govuk-button')]);
      assert.ok((await page.content()).includes('Your sealed bid was received.'));
      assert.equal(posted.length, 1);
      assert.ok(!posted[0]!.includes('905000000'), 'the price never leaves the browser in clear');
    } finally {
      await chromium.close();
      await close();
    }
    nara.clock.advance(2 * HOUR);
    const result = await p.open(tender.id);
    const opened = result.opened.find((b) => b.vendorId === p.vendors[0]!.business);
    assert.equal(opened?.price, 905_000_000);
    assert.deepEqual(opened?.picks, [3, 4]);
  });
});
