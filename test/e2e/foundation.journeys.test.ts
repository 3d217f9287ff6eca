import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_DEMO_SEED } from '../../src/seed/demo-personas.js';
import { generateDemoCountry } from '../../src/seed/demo-country.data.js';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

async function newPage(): Promise<Page> {
  const context = await noScriptContext(journey.browser);
  return context.newPage();
}

describe('a new user, without JavaScript', () => {
  test('opens the home page, switches to Korean and back, signs in as a demo citizen, sees my account, signs out', async () => {
    const page = await newPage();
    await page.goto(journey.url);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assert.doesNotReject(page.getByRole('heading', { level: 1 }).first().waitFor());
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: '한국어' }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await expectNoAxeViolations(page);
    // The choice sticks on the next page.
    await page.goto(`${journey.url}/accessibility`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    await page.goto(journey.url);
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
    assert.match(new URL(page.url()).pathname, /^\/sign-in/);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /demo persona/i }).click();
    assert.equal(new URL(page.url()).pathname, '/sign-in/demo');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /김민준/ }).first().click();

    await page.goto(`${journey.url}/account`);
    assert.equal(new URL(page.url()).pathname, '/account');
    await assert.doesNotReject(page.getByRole('heading', { level: 1 }).first().waitFor());
    assert.match(await page.locator('main').innerText(), /김민준/);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.goto(`${journey.url}/account`);
    assert.match(new URL(page.url()).pathname, /^\/sign-in/);
    await page.context().close();
  });

  test('an official signs in and sees their agency page', async () => {
    const page = await newPage();
    await page.goto(`${journey.url}/sign-in/demo`);
    // Park Ji-hoon, Deputy Director at the Ministry of the Interior and Safety (a demo persona).
    await page.getByRole('button', { name: /박지훈/ }).first().click();
    await page.goto(`${journey.url}/official`);
    assert.equal(new URL(page.url()).pathname, '/official');
    assert.match(await page.locator('main').innerText(), /Ministry of the Interior/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

describe('officials and administrators, without JavaScript', () => {
  test('a city admin opens her agency admin page and is refused another agency’s', async () => {
    const page = await newPage();
    await page.goto(`${journey.url}/sign-in/demo`);
    // Choi Su-jin, agency admin of Nuri City (a demo persona).
    await page.getByRole('button', { name: /최수진/ }).first().click();
    await page.goto(`${journey.url}/official`);
    await page.getByRole('link', { name: /Nuri/ }).first().click();
    assert.match(new URL(page.url()).pathname, /^\/agencies\/[^/]+\/admin$/);
    await expectNoAxeViolations(page);

    const country = generateDemoCountry(DEFAULT_DEMO_SEED, { citizens: 10 });
    const ministry = country.agencies.find((a) => a.code === 'MOIS')!;
    const refused = await page.goto(`${journey.url}/agencies/${ministry.id}/admin`);
    assert.equal(refused?.status(), 403);
    assert.ok((await page.getByRole('heading', { level: 1 }).first().innerText()).length > 0);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the platform admin sees the jobs page, the inbox and the API reference', async () => {
    const page = await newPage();
    await page.goto(`${journey.url}/sign-in/demo`);
    // Han Do-yun, head of platform operations (a demo persona).
    await page.getByRole('button', { name: /한도윤/ }).first().click();
    for (const path of ['/admin/jobs', '/inbox', '/api/reference', '/accessibility']) {
      const response = await page.goto(`${journey.url}${path}`);
      assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
      await expectNoAxeViolations(page);
    }
    await page.context().close();
  });
});
