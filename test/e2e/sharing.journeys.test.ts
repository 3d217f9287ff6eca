import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

/** Axe on the page as it is (a page rendered by a POST cannot be reloaded by URL). */
async function axeHere(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
}

describe('information sharing', () => {
  let caseId: string;

  test('a citizen applies to Nuri City (an e-People certificate case)', async () => {
    const page = await journey.signedInAs(/김민준/);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nara_csrf')?.value ?? '';
    const orgs = (await (await page.request.get(`${journey.url}/api/v1/sharing/approvals`)).json()) as { items: { consumerId: string; serviceCode: string }[] };
    const nuriId = orgs.items.find((a) => a.serviceCode === 'passport-issuance')!.consumerId;
    const res = await page.request.post(`${journey.url}/api/v1/epeople/cases`, {
      headers: { 'x-csrf-token': csrf },
      data: { type: 'certificate', agencyId: nuriId, title: 'Passport application', content: 'I apply for a passport.', isPublic: false },
    });
    assert.equal(res.status(), 201);
    caseId = ((await res.json()) as { case: { id: string } }).case.id;
  });

  test('the public list of approvals is readable and accessible', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/sharing/approvals?lang=en`);
    assert.match(await page.locator('main').innerText(), /Passport issuance/);
    await expectNoAxeViolations(page);
  });

  test('the official fetches only the needed fields on one screen, then asks a yes/no question', async () => {
    const page = await journey.signedInAs(/최수진/, { javaScript: true });
    await page.goto(`${journey.url}/sharing/lookup?lang=en`);
    await axeHere(page);
    await page.getByLabel('Service and legal basis').selectOption({ label: 'Passport issuance — Passport Act art. 9' });
    await page.getByLabel('e-People case id').fill(caseId);
    await page.getByRole('button', { name: 'Fetch the information this service needs' }).click();
    const result = await page.locator('main').innerText();
    assert.match(result, /Every agency answered/);
    assert.match(result, /Date of birth/);
    assert.doesNotMatch(result, /Address history/);
    await axeHere(page);

    await page.getByLabel('Service and legal basis').selectOption({ label: 'Passport issuance — Passport Act art. 12' });
    await page.getByLabel('e-People case id').fill(caseId);
    await page.getByLabel('Question', { exact: true }).selectOption({ label: 'No unpaid national tax' });
    await page.getByRole('button', { name: 'Ask' }).click();
    assert.match(await page.locator('main').innerText(), /No unpaid national tax: (Yes|No)/);
    await axeHere(page);

    await page.getByLabel('e-People case id').fill('');
    await page.getByRole('button', { name: 'Fetch the information this service needs' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /No case, no lookup/);
    await axeHere(page);
  });

  test('the citizen sees who looked at their data, in plain words', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/sharing/my-data?lang=en`);
    const text = await page.locator('main').innerText();
    assert.match(text, /of Nuri City looked at your [^.]*Resident registration/);
    assert.match(text, /asked a yes\/no question/);
    await expectNoAxeViolations(page);
    await page.goto(`${journey.url}/sharing/my-data?lang=ko`);
    await expectNoAxeViolations(page);
  });

  test('the auditor\'s view of alerts is accessible', async () => {
    const page = await journey.signedInAs(/윤서현/);
    await page.goto(`${journey.url}/sharing/audit?lang=en`);
    assert.match(await page.locator('h1').innerText(), /Sharing alerts/);
    await expectNoAxeViolations(page);
  });
});
