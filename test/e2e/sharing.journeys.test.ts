import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { generateDemoCountry } from '../../src/seed/demo-country.data.js';
import { DEFAULT_DEMO_SEED } from '../../src/seed/demo-personas.js';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';
import { startServer, type RunningServer } from './support/server.js';

/**
 * The journey on two Nara nodes (two processes on loopback, each with its own embedded
 * database): node A runs Nuri City's passport desk; node B serves the family relations register
 * (MOJ). Each trusts the other's root from a PEM file, exchanged once both are up.
 */
const peers = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-peers-'));
const rootsTrustedByA = path.join(peers, 'a-trusts.pem');
const rootsTrustedByB = path.join(peers, 'b-trusts.pem');
let nodeB: RunningServer;

const journey = useServerAndBrowser({
  // Node B first, so node A can be told where it is.
  env: async () => {
    nodeB = await startServer({ NARA_SHARING_PEER_ROOTS: rootsTrustedByB });
    // A generous provider timeout: this machine may be busy, and the first node message issues certificates.
    return { NARA_SHARING_PROVIDER_TIMEOUT_MS: '30000', NARA_SHARING_REMOTE_PROVIDERS: `MOJ=${nodeB.url.replace('localhost', '127.0.0.1')}`, NARA_SHARING_PEER_ROOTS: rootsTrustedByA };
  },
});

/** Once both are up, each operator pins the other's root (here: a file each). */
async function exchangeRoots(): Promise<void> {
  const rootsOf = async (url: string) => {
    const res = await fetch(`${url}/api/v1/sharing/node/roots`);
    assert.equal(res.status, 200);
    return res.text();
  };
  fs.writeFileSync(rootsTrustedByB, await rootsOf(journey.url));
  fs.writeFileSync(rootsTrustedByA, await rootsOf(nodeB.url));
}

after(async () => {
  await nodeB?.stop();
  fs.rmSync(peers, { recursive: true, force: true });
});

/**
 * Axe on the page as it is. A page rendered by a POST cannot be fetched again by URL, and axe needs
 * script, which these visitors have off: the same HTML is served at the same URL to a second,
 * script-enabled page (its styles load as usual) and checked there.
 */
async function axeHere(page: Page): Promise<void> {
  const [html, url] = [await page.content(), page.url()];
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const probe = await context.newPage();
    await probe.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await probe.goto(url);
    const results = await new AxeBuilder({ page: probe }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  } finally {
    await context.close();
  }
}

/** A signed-in page that fails a step after 30 s instead of waiting for ever. */
async function as(name: RegExp): Promise<Page> {
  const page = await journey.signedInAs(name);
  page.context().setDefaultTimeout(30_000);
  return page;
}

const ITEMS = ['Resident registration', 'Family relations', 'Income and tax payment status', 'Disability and basic livelihood status'];

describe('information sharing: the passport application journey across two nodes', () => {
  let caseNumber: string;
  let caseId: string;
  before(exchangeRoots);

  test('a citizen applies for a passport at Nuri City (an e-People case)', async () => {
    const page = await as(/김민준/);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nara_csrf')?.value ?? '';
    const approvals = (await (await page.request.get(`${journey.url}/api/v1/sharing/approvals`)).json()) as { items: { consumerId: string; serviceCode: string }[] };
    const nuriId = approvals.items.find((a) => a.serviceCode === 'passport-application')!.consumerId;
    const res = await page.request.post(`${journey.url}/api/v1/epeople/cases`, {
      headers: { 'x-csrf-token': csrf },
      data: { type: 'certificate', agencyId: nuriId, title: 'Passport application', content: 'I apply for my first passport.', isPublic: false },
    });
    assert.equal(res.status(), 201);
    ({ number: caseNumber, id: caseId } = ((await res.json()) as { case: { number: string; id: string } }).case);
    await page.context().close();
  });

  test('the public list of approvals names the passport application service and its law', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/sharing/approvals?lang=en`);
    assert.match(await page.locator('main').innerText(), /Passport application/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the official opens the case; one screen pulls four items from four providers, one on node B, only the needed fields', async () => {
    // No JavaScript: the core path is links and posted forms.
    const page = await as(/최수진/);
    await page.goto(`${journey.url}/sharing/lookup?lang=en`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: caseNumber }).click();
    assert.match(await page.locator('main').innerText(), new RegExp(`Case ${caseNumber}[\\s\\S]*Passport application[\\s\\S]*김민준`));
    await expectNoAxeViolations(page);

    await page.getByLabel('Service and legal basis').selectOption({ label: 'Passport application — Passport Act art. 9' });
    await page.getByRole('button', { name: 'Fetch the information this service needs' }).click();
    const result = await page.locator('section[aria-labelledby="result-heading"]').innerText();
    assert.match(result, /Every agency answered/, `node A said:\n${journey.output()}\nnode B said:\n${nodeB.output()}`);
    for (const item of ITEMS) assert.match(result, new RegExp(item));
    for (const agency of ['Ministry of the Interior', 'Ministry of Justice', 'National Tax Service', 'Ministry of Health and Welfare']) assert.match(result, new RegExp(agency));
    assert.match(result, new RegExp(`Ministry of Justice[^\\n]*answered by the Nara node at ${nodeB.url.replace('localhost', '127.0.0.1').replace(/[.:/]/g, '\\$&')}`));
    assert.equal(await page.locator('.govuk-summary-card').count(), 4);
    // Only the needed fields: name, birth date and address, but not the address history or household.
    assert.match(result, /Date of birth\s+1990-03-15/);
    assert.match(result, /Parents/);
    assert.match(result, /Basic livelihood support/);
    assert.doesNotMatch(result, /Address history|Household members|Spouse|Children|Annual income|Unpaid national tax\s+\d/);
    assert.match(result, /No unpaid national tax\s+(Yes|No)/, 'the tax item answers only the yes/no check');
    await axeHere(page);
    await page.context().close();
  });

  test('a yes/no check answers without revealing the value', async () => {
    const page = await as(/최수진/);
    await page.goto(`${journey.url}/sharing/lookup?lang=en`);
    await page.getByRole('link', { name: caseNumber }).click();
    await page.getByLabel('Service and legal basis').selectOption({ label: 'Passport application — Passport Act art. 9' });
    await page.getByLabel('Question', { exact: true }).selectOption({ label: 'No unpaid national tax' });
    await page.getByRole('button', { name: 'Ask' }).click();
    const answer = await page.locator('section[aria-labelledby="check-heading"]').innerText();
    assert.match(answer, /No unpaid national tax: (Yes|No)/);
    assert.doesNotMatch(answer, /₩|KRW|\d{5,}/, 'no amount is shown');
    await axeHere(page);
    await page.context().close();
  });

  test('the citizen signs in and sees the accesses with purpose and official, on both nodes', async () => {
    const page = await as(/김민준/);
    await page.goto(`${journey.url}/sharing/my-data?lang=en`);
    const text = await page.locator('main').innerText();
    const lookup = text.split('\n').find((line) => /looked at your/.test(line)) ?? '';
    for (const item of ITEMS) assert.match(lookup, new RegExp(item), `the lookup names ${item}`);
    assert.match(lookup, /^.+ of Nuri City looked at your .+ for the service “Passport application”, under Passport Act art\. 9\.$/);
    assert.match(text, /asked a yes\/no question about your Income and tax payment status for the service “Passport application”/);
    assert.match(text, new RegExp(`It was for your case ${caseId}\\.`), 'each access names the case it served');
    await expectNoAxeViolations(page);
    await page.goto(`${journey.url}/sharing/my-data?lang=ko`);
    await expectNoAxeViolations(page);

    // Node B keeps its own record of the family relations it gave.
    await page.goto(`${nodeB.url}/sign-in/demo`);
    await page.getByRole('button', { name: /김민준/ }).first().click();
    await page.goto(`${nodeB.url}/sharing/my-data?lang=en`);
    assert.match(await page.locator('main').innerText(), /of Nuri City looked at your Family relations for the service “Passport application”/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('a burst of lookups on unrelated people raises an alert the auditor sees', async () => {
    const page = await as(/최수진/);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nara_csrf')?.value ?? '';
    const strangers = generateDemoCountry(DEFAULT_DEMO_SEED).citizens.filter((p) => !p.key.startsWith('persona:')).slice(0, 10);
    for (const [i, person] of strangers.entries()) {
      const res = await page.request.post(`${journey.url}/api/v1/sharing/checks`, {
        headers: { 'x-csrf-token': csrf },
        data: { serviceCode: 'passport-application', legalBasis: 'Passport Act art. 9', externalCaseId: `NURI-PASS-2026-${700 + i}`, personId: person.id, check: 'no-unpaid-national-tax' },
      });
      assert.equal(res.status(), 200, await res.text());
    }
    await page.context().close();

    const auditor = await as(/윤서현/);
    await auditor.goto(`${journey.url}/sharing/audit?lang=en`);
    const row = auditor.locator('tr', { hasText: 'Many different people' });
    assert.equal(await row.count(), 1, 'one alert, not one per lookup');
    assert.match(await row.innerText(), /Nuri City/);
    await expectNoAxeViolations(auditor);
    await row.getByRole('link').click();
    const detail = await auditor.locator('main').innerText();
    assert.match(detail, /NURI-PASS-2026-700/);
    assert.match(detail, /NURI-PASS-2026-709/);
    await expectNoAxeViolations(auditor);
    await auditor.context().close();
  });
});
