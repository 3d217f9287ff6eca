import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateDemoCountry } from '../../src/seed/demo-country.data.js';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

// The demo country is deterministic: the ACRC's first official handles reports; the next ones are
// its protection officers (epeople.whistle.seed.ts).
const acrcOfficials = generateDemoCountry().officials.filter((o) => o.agencyCode === 'ACRC');
const handler = acrcOfficials[0]!.person;
const officer = acrcOfficials[1]!.person;
const REPORTER = { displayName: '김민준', nameEn: 'Kim Min-jun' };
const CONTACT = '010-7777-0123';
const TITLE = 'Cash for permits at the Haram building office';

/** A fresh visitor without JavaScript, signed in on the demo page as exactly this person. */
async function signedInAsPerson(personId: string): Promise<Page> {
  const page = await (await noScriptContext(journey.browser)).newPage();
  await page.goto(`${journey.url}/sign-in/demo`);
  await page.locator(`form:has(input[name="personId"][value="${personId}"]) button`).first().click();
  return page;
}

async function expectNoIdentity(page: Page) {
  const text = await page.locator('body').innerText();
  for (const mark of [REPORTER.displayName, REPORTER.nameEn, CONTACT]) assert.ok(!text.includes(mark), `the handling official sees "${mark}"`);
}

describe('e-People whistleblower protection, without JavaScript', () => {
  let caseCode = '';
  let caseNumber = '';
  let caseUrl = '';

  test('a whistleblower files a sealed corruption report and is given a case code once', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/epeople?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Report corruption or a public-interest violation with your identity protected' }).click();

    assert.match(page.url(), /\/epeople\/protected-report$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose what you are reporting/);
    await expectNoAxeViolations(page);

    await page.getByLabel('Corruption report').check();
    await page.getByLabel('I am the reporter: seal my identity').check();
    await page.getByLabel(/How can the protection officers reach the reporter/).fill(CONTACT);
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('What happened?').fill('A clerk at the building office asks applicants for cash to approve permits within the week.');
    await page.getByRole('button', { name: 'Continue' }).click();

    const check = await page.locator('main').innerText();
    assert.match(check, new RegExp(TITLE));
    assert.match(check, /I am the reporter: seal my identity/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    await expectNoAxeViolations(page);
    caseCode = (await page.locator('[data-case-code]').innerText()).trim();
    assert.match(caseCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    caseNumber = /EP-2026-\d{6}/.exec(await page.locator('main').innerText())![0];
    assert.match(await page.locator('main').innerText(), /Anti-Corruption and Civil Rights Commission/);
    // The sealed report is not among the reporter's cases.
    await page.goto(`${journey.url}/epeople/cases?lang=en`);
    assert.ok(!(await page.locator('main').innerText()).includes(caseNumber));
    await page.context().close();
  });

  test('the handling official works on it without seeing who filed it, and asks a question through the anonymous inbox', async () => {
    const page = await signedInAsPerson(handler.id);
    await page.goto(`${journey.url}/epeople/queue?lang=en`);
    await expectNoAxeViolations(page);
    await expectNoIdentity(page);
    await page.getByRole('link', { name: caseNumber }).click();
    caseUrl = page.url().replace(/\?.*$/, '');
    await expectNoAxeViolations(page);
    await expectNoIdentity(page);
    assert.match(await page.locator('main').innerText(), /The reporter's identity is sealed/);
    await page.getByLabel('Ask the reporter a question').fill('On which dates were you asked for cash, and how much?');
    await page.getByRole('button', { name: 'Send question' }).click();
    assert.match(await page.locator('main').innerText(), /On which dates were you asked for cash, and how much\?/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the whistleblower reads the question with the case code, without signing in, and answers it', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/epeople/report-inbox?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Enter your case code').fill('WRNG-C0DE-0000-0000-0000');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /This case code does not open a report/);
    await expectNoAxeViolations(page);

    await page.getByLabel('Enter your case code').fill(caseCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    const inbox = await page.locator('main').innerText();
    assert.match(inbox, new RegExp(caseNumber));
    assert.match(inbox, /On which dates were you asked for cash, and how much\?/);
    assert.ok(!page.url().includes(caseCode) && !page.url().includes(caseCode.replaceAll('-', '')), 'the code never goes into the address');
    await expectNoAxeViolations(page);
    await page.getByLabel('Your answer').fill('On 4 and 11 February, 500,000 won each time.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    assert.match(await page.locator('main').innerText(), /On 4 and 11 February, 500,000 won each time\./);
    assert.match(await page.locator('body').innerText(), /Your answer was sent/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the handling official sees the answer, still without the identity; a protection officer sees the opening page', async () => {
    const page = await signedInAsPerson(handler.id);
    await page.goto(`${caseUrl}?lang=en`);
    assert.match(await page.locator('main').innerText(), /On 4 and 11 February, 500,000 won each time\./);
    await expectNoIdentity(page);
    await expectNoAxeViolations(page);
    await page.context().close();

    const officerPage = await signedInAsPerson(officer.id);
    await officerPage.goto(`${caseUrl}?lang=en`);
    await officerPage.getByRole('link', { name: "Protection officers: open the reporter's identity" }).click();
    assert.match(await officerPage.locator('main').innerText(), /Decrypt your share below/);
    await expectNoAxeViolations(officerPage);
    await officerPage.context().close();
  });
});
