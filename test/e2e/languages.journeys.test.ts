import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, noScriptContext } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('choosing one of the 14 languages, without JavaScript', () => {
  test('goes from the header to the language page, picks Vietnamese, and stays on the same page in Vietnamese', async () => {
    const page = await (await noScriptContext(browser)).newPage();
    await page.goto(`${server.url}/accessibility`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    await page.getByRole('link', { name: 'More languages' }).click();
    assert.equal(new URL(page.url()).pathname, '/lang');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Choose a language');
    assert.equal(await page.locator('main a[hreflang]').count(), 13);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    assert.equal(new URL(page.url()).pathname, '/accessibility');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Tuyên bố về khả năng tiếp cận');
    await expectNoAxeViolations(page);

    // Remembered: the home page comes in Vietnamese, and the language page now speaks Vietnamese too.
    await page.goto(server.url);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.getByRole('link', { name: 'Ngôn ngữ khác' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Chọn ngôn ngữ');
    await expectNoAxeViolations(page);
  });

  test('pages in scripts of every kind, and a page falling back to English, are axe clean', async () => {
    const page = await (await noScriptContext(browser)).newPage();
    for (const locale of ['ru', 'km', 'my', 'si', 'bn', 'zh-Hans']) {
      await page.goto(`${server.url}/?lang=${locale}`);
      assert.equal(await page.locator('html').getAttribute('lang'), locale);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.url}/epeople?lang=th`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'th');
    assert.equal(await page.locator('main').getAttribute('lang'), 'en');
    await expectNoAxeViolations(page);
  });
});
