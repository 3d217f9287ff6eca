import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

describe('choosing one of the 14 languages, without JavaScript', () => {
  test('goes from the header to the language page, picks Vietnamese, and stays on the same page in Vietnamese', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/accessibility`);
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
    await page.goto(journey.url);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.getByRole('link', { name: 'Ngôn ngữ khác' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Chọn ngôn ngữ');
    await expectNoAxeViolations(page);
  });

  test('pages in scripts of every kind, and a page falling back to English, are axe clean', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    for (const locale of ['ru', 'km', 'my', 'si', 'bn', 'zh-Hans']) {
      await page.goto(`${journey.url}/?lang=${locale}`);
      assert.equal(await page.locator('html').getAttribute('lang'), locale);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${journey.url}/procurement?lang=th`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'th');
    assert.equal(await page.locator('main').getAttribute('lang'), 'en');
    await expectNoAxeViolations(page);
  });
});
