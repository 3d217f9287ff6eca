import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

const TITLE = 'Broken streetlight on Haneul-ro';

describe('e-People, without JavaScript', () => {
  let caseUrl: string;

  test('a citizen files a grievance through the question pages and gets a receipt with a log proof', async () => {
    // Kim Min-jun, a citizen of Nuri City (a demo persona).
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/epeople?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Start now' }).click();

    assert.match(page.url(), /\/epeople\/file\/type$/);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose the kind of case/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Grievance (complaint)').check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.match(page.url(), /\/epeople\/file\/agency$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click(); // let Nara route it

    await expectNoAxeViolations(page);
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('What happened, and what would you like done?').fill('The streetlight outside number 4 has been dark for a week.');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expectNoAxeViolations(page);
    await page.getByLabel('Where is it? (optional)').fill('Nuri City, Haneul-ro 4');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expectNoAxeViolations(page);
    await page.getByLabel('Yes, publish them').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.match(page.url(), /\/epeople\/file\/check$/);
    const check = await page.locator('main').innerText();
    assert.match(check, /Streetlight out on Hanbit-ro/, 'a similar public demo case is suggested');
    assert.match(check, /You have filed this same content never before/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    assert.match(page.url(), /\/epeople\/cases\/cas_[a-z0-9]+\/receipt$/);
    const receipt = await page.locator('main').innerText();
    assert.match(receipt, /EP-2026-\d{6}/);
    assert.match(receipt, /Nuri City/);
    assert.match(receipt, /Answer due by/);
    // The log sequencer integrates the filing within moments; "Check again" works without JavaScript.
    for (let i = 0; i < 20 && !(await page.getByRole('link', { name: /Download your receipt/ }).count()); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
    await expectNoAxeViolations(page);
    const href = await page.getByRole('link', { name: /Download your receipt/ }).getAttribute('href');
    const download = await page.context().request.get(`${journey.url}${href}`);
    assert.equal(download.status(), 200);
    const body = (await download.json()) as { logReceipt: { entry: { type: string }; inclusionProof: string[] } };
    assert.equal(body.logReceipt.entry.type, 'epeople.case-filed.grievance');
    caseUrl = page.url().replace(/\/receipt$/, '');
    await page.context().close();
  });

  test('an official of Nuri City finds it in the work queue and answers it, signed with her certificate', async () => {
    // Choi Su-jin, Civil Affairs division director and agency admin of Nuri City (a demo persona).
    const page = await journey.signedInAs(/최수진/);
    // As her agency's admin she first issues herself a signing certificate.
    await page.goto(`${journey.url}/official?lang=en`);
    await page.getByRole('link', { name: /Nuri/ }).first().click();
    await page.goto(page.url().replace(/\/admin$/, '/certificates'));
    const me = await page.locator('select#personId option', { hasText: '최수진' }).first().getAttribute('value');
    await page.locator('select#personId').selectOption(me!);
    await page.getByRole('button', { name: 'Issue certificate' }).click();
    await page.goto(`${journey.url}/epeople/queue?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link').click();
    assert.equal(page.url(), caseUrl);
    await expectNoAxeViolations(page);
    await page.getByLabel('Answer to the filer').fill('The lamp will be replaced on Friday.');
    await page.getByLabel('Accepted', { exact: true }).check();
    await page.getByRole('button', { name: 'Send answer' }).click();
    const answered = await page.locator('main').innerText();
    assert.match(answered, /Answered/);
    assert.match(answered, /Signed by the answering official with certificate/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the citizen sees the answer in the case timeline and the inbox', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/epeople/cases?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /EP-2026-\d{6}/ }).first().click();
    const main = await page.locator('main').innerText();
    assert.match(main, /The lamp will be replaced on Friday\./);
    assert.match(main, /Case filed/);
    assert.match(main, /Download the signed answer/);
    await expectNoAxeViolations(page);
    await page.goto(`${journey.url}/inbox`);
    assert.match(await page.locator('main').innerText(), /answered/);
    await page.context().close();
  });

  test('the citizen rates the answer, and being dissatisfied takes it further as a new grievance', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${caseUrl}?lang=en`);
    await page.getByLabel('Dissatisfied', { exact: true }).check();
    await page.getByRole('button', { name: 'Send rating' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('A new grievance to the same body').check();
    await page.getByLabel('Why does the answer not settle the matter?').fill('Friday came and went; the street is still dark.');
    await page.getByRole('button', { name: 'File it' }).click();
    assert.match(page.url(), /\/epeople\/cases\/cas_[a-z0-9]+\/receipt$/);
    assert.notEqual(page.url().replace(/\/receipt$/, ''), caseUrl);
    assert.match(await page.locator('main').innerText(), /Nuri City/);
    await page.goto(`${caseUrl}?lang=en`);
    assert.match(await page.locator('main').innerText(), /You took this case further/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('anyone reads the public statistics per agency, in English and Korean', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/epeople/statistics?lang=en`);
    assert.match(await page.locator('h1').innerText(), /e-People statistics 2026/);
    assert.match(await page.locator('table').innerText(), /Nuri City/);
    await expectNoAxeViolations(page);
    await page.goto(`${journey.url}/epeople/statistics?lang=ko`);
    assert.match(await page.locator('h1').innerText(), /2026년 국민신문고 통계/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
