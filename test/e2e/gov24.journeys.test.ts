import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

describe('Gov24, without JavaScript', () => {
  let applicationUrl: string;

  test('a citizen finds passport issuance by searching with a typo and applies with facts fetched, no upload', async () => {
    // Kim Min-jun, a citizen of Nuri City (a demo persona).
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/gov24?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Search for a service').fill('pasport');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Passport issuance' }).click();
    assert.match(await page.locator('main').innerText(), /Registered address \(Ministry of the Interior and Safety\)/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Apply now' }).click();

    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Answer “Which passport do you need\?”/);
    await expectNoAxeViolations(page);
    await page.getByLabel('58 pages').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('10 years').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Collect at the city hall').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.match(page.url(), /\/consent$/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Yes, fetch these items').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.match(page.url(), /\/check$/);
    const check = await page.locator('main').innerText();
    assert.match(check, /김민준/);
    assert.match(check, /1990-03-15/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sign and send' }).click();

    assert.match(page.url(), /\/receipt$/);
    const receipt = await page.locator('main').innerText();
    assert.match(receipt, /G24-2026-\d{6}/);
    assert.match(receipt, /Nuri City/);
    for (let i = 0; i < 20 && !(await page.getByRole('link', { name: /Download your receipt/ }).count()); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
    await expectNoAxeViolations(page);
    const href = await page.getByRole('link', { name: /Download your receipt/ }).getAttribute('href');
    const body = (await (await page.context().request.get(`${journey.url}${href}`)).json()) as { logReceipt: { entry: { type: string } } };
    assert.equal(body.logReceipt.entry.type, 'gov24.application-submitted');
    applicationUrl = page.url().replace(/\/receipt$/, '');
    await page.context().close();
  });

  test('an official of Nuri City approves it from the work queue, signed with her certificate', async () => {
    // Choi Su-jin, of Nuri City's Civil Affairs and Passport Division (a demo persona).
    const page = await journey.signedInAs(/최수진/);
    await page.goto(`${journey.url}/gov24/queue?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /G24-2026-\d{6}/ }).first().click();
    assert.equal(page.url(), applicationUrl);
    assert.match(await page.locator('main').innerText(), /Information fetched with the applicant’s consent/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByLabel('Approve').check();
    await page.getByLabel('Reasons').fill('Identity and address confirmed.');
    await page.getByRole('button', { name: 'Sign and send the decision' }).click();
    assert.match(await page.locator('main').innerText(), /Decision: approved/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the citizen sees the decision in one window and in the inbox', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/gov24/applications?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /G24-2026-\d{6}/ }).first().click();
    const main = await page.locator('main').innerText();
    assert.match(main, /Identity and address confirmed\./);
    assert.match(main, /Download the signed decision/);
    await expectNoAxeViolations(page);
    await page.goto(`${journey.url}/inbox?lang=en`);
    assert.match(await page.locator('main').innerText(), /approved/);
    await page.context().close();
  });

  test('a moving-home bundle reaches three agencies in one journey', async () => {
    // Lee Seo-yeon, a citizen of Daon City (a demo persona).
    const page = await journey.signedInAs(/이서연/);
    await page.goto(`${journey.url}/gov24?lang=en`);
    await page.getByRole('link', { name: /Moving home\? Tell every agency at once/ }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Apply now' }).click();
    const fill = async (label: string, value: string) => {
      await page.getByLabel(label).fill(value);
      await page.getByRole('button', { name: 'Continue' }).click();
    };
    const consent = async () => {
      await page.getByLabel('Yes, fetch these items').check();
      await page.getByRole('button', { name: 'Continue' }).click();
    };
    await fill('Your new address', 'Daon-ro 7, Daon City');
    await expectNoAxeViolations(page);
    await fill('Date you moved', '2026-03-01');
    await consent();
    await fill('Registration plate', '56다 7890');
    await consent();
    await fill('Child’s full name', 'Lee Do-hyun');
    await fill('Current school', 'Nuri Elementary');
    await consent();
    assert.match(page.url(), /\/gov24\/bundles\/bnd_[a-z0-9]+\/check$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sign and send all 3 applications' }).click();
    const status = await page.locator('main').innerText();
    for (const agency of ['Daon City', 'Ministry of Land, Infrastructure and Transport', 'Ministry of Education']) assert.match(status, new RegExp(agency));
    assert.equal(status.match(/G24-2026-\d{6}/g)?.length, 3);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('a document no agency holds is uploaded on its own page, without JavaScript', async () => {
    const page = await journey.signedInAs(/이서연/);
    await page.goto(`${journey.url}/gov24/services/business-registration?lang=en`);
    await page.getByRole('button', { name: 'Apply now' }).click();
    await page.getByLabel('Name of the business').fill('Seoyeon Studio');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Software and IT services').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Date the business starts').fill('2026-04-01');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(page.url(), /\/upload\/leaseContract$/);
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose a file/);
    await expectNoAxeViolations(page);
    await page.getByLabel(/Lease contract/).setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') });
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    assert.match(page.url(), /\/consent$/);
    await page.context().close();
  });

  test('a citizen downloads a resident registration abstract and a stranger verifies it on the verification page', async () => {
    const page = await journey.signedInAs(/김민준/);
    await page.goto(`${journey.url}/gov24?lang=en`);
    await page.getByRole('link', { name: 'Certificates' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Issue Resident registration abstract' }).click();
    assert.match(await page.locator('main').innerText(), /Certificate issued/);
    // The log integrates the issue within a second or so; the page says so until then.
    for (let i = 0; i < 40 && !(await page.getByRole('link', { name: /Download the sealed certificate/ }).count()); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
    await expectNoAxeViolations(page);
    const main = await page.locator('main').innerText();
    const number = /RRA-\d{4}-\d{6}/.exec(main)![0];
    const code = /Check code\s+([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(main)![1]!;
    const href = await page.getByRole('link', { name: /Download the sealed certificate/ }).getAttribute('href');
    const pdf = await page.context().request.get(`${journey.url}${href}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await page.context().close();

    // Someone the citizen gave it to: no account, no JavaScript.
    const stranger = await (await noScriptContext(journey.browser)).newPage();
    await stranger.goto(`${journey.url}/gov24/verify?lang=en`);
    await expectNoAxeViolations(stranger);
    await stranger.getByLabel('Issue number').fill(number);
    await stranger.getByLabel('Check code').fill(code.toLowerCase());
    await stranger.getByRole('button', { name: 'Verify' }).click();
    const result = await stranger.locator('main').innerText();
    assert.match(result, /This certificate is authentic and valid\./);
    assert.match(result, /김\*준/);
    assert.match(result, /Nuri City/);
    await expectNoAxeViolations(stranger);
    await stranger.getByLabel('Check code').fill('AAAA-AAAA');
    await stranger.getByRole('button', { name: 'Verify' }).click();
    assert.match(await stranger.locator('main').innerText(), /No certificate has this issue number and check code/);
    await expectNoAxeViolations(stranger);
    await stranger.context().close();
  });

  test('Notice e shows an eligible benefit for one demo citizen and not for another; my life information lists who holds what', async () => {
    const eligibleList = async (name: RegExp) => {
      const page = await journey.signedInAs(name);
      await page.goto(`${journey.url}/gov24?lang=en`);
      await page.getByRole('link', { name: /Benefits you may be eligible for/ }).click();
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Yes, check my eligibility' }).click();
      await expectNoAxeViolations(page);
      const main = await page.locator('main').innerText();
      const eligible = main.split('You may be eligible for')[1]!.split('Other benefits we checked')[0]!;
      return { page, eligible };
    };
    const lee = await eligibleList(/이서연/);
    assert.match(lee.eligible, /Monthly rent support for young people/);
    assert.match(lee.eligible, /Your age: 2\d \(between 19 and 34\)/);
    await lee.page.getByRole('link', { name: 'Apply for Monthly rent support for young people' }).click();
    assert.match(lee.page.url(), /\/gov24\/services\/youth-rent-support$/);
    await lee.page.goto(`${journey.url}/gov24/my-info?lang=en`);
    assert.match(await lee.page.locator('main').innerText(), /Held by Ministry of the Interior and Safety/);
    await expectNoAxeViolations(lee.page);
    await lee.page.context().close();

    const kim = await eligibleList(/김민준/);
    assert.doesNotMatch(kim.eligible, /Monthly rent support for young people/);
    await kim.page.context().close();
  });
});
