import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { expectPagesAxeClean } from '../support/serve.js';

let nara: TestNara;
const agency: Record<string, string> = {};
let daonOfficial: string;
let molitOfficial: string;
let applicationId: string;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}
const location = (res: Response) => res.headers.get('location') ?? '';
/** A form post with repeated fields (several checkboxes ticked), as a browser sends it. */
async function postPairs(browser: Browser, path: string, pairs: [string, string][]): Promise<Response> {
  const body = new URLSearchParams([['_csrf', await browser.csrf()], ...pairs]);
  return browser.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
const approvals = async () => ((await (await nara.app.request('/api/v1/sharing/approvals')).json()) as { items: { id: string; state: string; fields: string[]; consumerId: string; legalBasis: string; expiresAt: string; refusalReason: string | null }[] }).items;

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 12 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  daonOfficial = (await nara.kernel.identity.listOfficialsOf(agency['CITY-DAON']!))[0]!.personId;
  molitOfficial = (await nara.kernel.identity.listOfficialsOf(agency.MOLIT!))[0]!.personId;
});
after(() => nara.close());

describe('sharing pages: applying for joint use and deciding, without JavaScript', () => {
  test('a consumer official chooses the information, then the fields, checks and law it offers', async () => {
    const daon = await as(daonOfficial);
    const start = await (await daon.request('/sharing/apply?lang=en')).text();
    assert.match(start, /Which information does your service need\?/);
    assert.match(start, /<form method="get" action="\/sharing\/apply"/);
    assert.match(start, /Registered vehicles/);
    const form = await (await daon.request('/sharing/apply?item=vehicles&lang=en')).text();
    assert.match(form, /Apply to use: Registered vehicles/);
    assert.match(form, /Ministry of Land, Infrastructure and Transport keeps this information/);
    assert.match(form, /name="_csrf"/);
    assert.match(form, /value="Motor Vehicle Management Act art. 7"/);
    assert.match(form, /name="fields" type="checkbox" value="vehicles"/);
    const unknown = await daon.request('/sharing/apply?item=nonsense&lang=en');
    assert.equal(unknown.status, 422);
    assert.match(await unknown.text(), /govuk-error-summary/);
  });

  test('a wrong application shows each problem in the error summary and keeps the answers', async () => {
    const daon = await as(daonOfficial);
    const bad = await daon.postForm('/sharing/apply?item=vehicles&lang=en', { serviceName: 'Di', serviceCode: 'Bad Code', legalBasis: '' });
    assert.equal(bad.status, 422);
    const page = await bad.text();
    assert.match(page, /govuk-error-summary/);
    assert.match(page, /href="#serviceName">Enter the name of the service/);
    assert.match(page, /href="#serviceCode">Enter a service code/);
    assert.match(page, /href="#legalBasis">Choose the law/);
    assert.match(page, /value="Bad Code"/);
    const nothingAsked = await daon.postForm('/sharing/apply?item=vehicles&lang=en', { serviceName: 'Disabled parking permit', serviceCode: 'disabled-parking', legalBasis: 'Motor Vehicle Management Act art. 7' });
    assert.equal(nothingAsked.status, 422);
    assert.match(await nothingAsked.text(), /href="#fields">Choose at least one field or check/);
    const wrongLaw = await daon.postForm('/sharing/apply?item=vehicles&lang=ko', { serviceName: 'Disabled parking permit', serviceCode: 'disabled-parking', legalBasis: 'No Such Act', fields: 'vehicles' });
    assert.equal(wrongLaw.status, 422);
    assert.match(await wrongLaw.text(), /정보를 이용하는 근거 법령을 고르세요/);
  });

  test('a good application is sent, listed for the provider, and in the public list as applied', async () => {
    const daon = await as(daonOfficial);
    const sent = await daon.postForm('/sharing/apply?item=vehicles', { agencyId: agency['CITY-DAON']!, serviceName: 'Disabled parking permit', serviceCode: 'disabled-parking', legalBasis: 'Motor Vehicle Management Act art. 7', fields: 'vehicles' });
    assert.equal(sent.status, 303);
    applicationId = /\/sharing\/applications\/(apv_[a-z0-9]+)$/.exec(location(sent))![1]!;
    const listed = (await approvals()).find((a) => a.id === applicationId)!;
    assert.deepEqual([listed.state, listed.consumerId, listed.fields.join(',')], ['applied', agency['CITY-DAON'], 'vehicles']);

    const own = await (await daon.request(`/sharing/applications/${applicationId}?lang=en`)).text();
    assert.match(own, /Application: Disabled parking permit/);
    assert.doesNotMatch(own, /Send the decision/, 'the applying agency cannot decide');
    assert.match(await (await daon.request('/sharing/applications?lang=en')).text(), /Your agency’s applications/);

    const molit = await as(molitOfficial);
    const queue = await (await molit.request('/sharing/applications?lang=en')).text();
    assert.match(queue, /Waiting for your agency’s decision/);
    assert.match(queue, new RegExp(`/sharing/applications/${applicationId}`));
  });

  test('the provider must give a reason to refuse and a real future date to approve until; then the decision is public', async () => {
    const molit = await as(molitOfficial);
    const detail = await (await molit.request(`/sharing/applications/${applicationId}?lang=en`)).text();
    assert.match(detail, /Send the decision/);
    const noChoice = await molit.postForm(`/sharing/applications/${applicationId}/decision?lang=en`, {});
    assert.equal(noChoice.status, 422);
    assert.match(await noChoice.text(), /href="#decision">Choose whether to approve or refuse/);
    const noReason = await molit.postForm(`/sharing/applications/${applicationId}/decision?lang=en`, { decision: 'refuse' });
    assert.equal(noReason.status, 422);
    assert.match(await noReason.text(), /href="#reason">Give the reason for refusing/);
    const badDate = await molit.postForm(`/sharing/applications/${applicationId}/decision?lang=en`, { decision: 'approve', 'expiresAt-day': '31', 'expiresAt-month': '2', 'expiresAt-year': '2027' });
    assert.equal(badDate.status, 422);
    assert.match(await badDate.text(), /href="#expiresAt-day">Enter a real date in the future/);
    const past = await molit.postForm(`/sharing/applications/${applicationId}/decision?lang=en`, { decision: 'approve', 'expiresAt-day': '1', 'expiresAt-month': '1', 'expiresAt-year': '2020' });
    assert.equal(past.status, 422);

    const approved = await molit.postForm(`/sharing/applications/${applicationId}/decision`, { decision: 'approve', 'expiresAt-day': '31', 'expiresAt-month': '12', 'expiresAt-year': '2027' });
    assert.equal(approved.status, 303);
    const listed = (await approvals()).find((a) => a.id === applicationId)!;
    assert.equal(listed.state, 'approved');
    assert.equal(listed.expiresAt, '2027-12-31T14:59:59.000Z', 'the end of that day in Korea');
    assert.match(await (await molit.request(`/sharing/applications/${applicationId}?lang=ko`)).text(), /승인/);
    const again = await molit.postForm(`/sharing/applications/${applicationId}/decision?lang=en`, { decision: 'refuse', reason: 'Too late' });
    assert.equal(again.status, 422);
    assert.match(await again.text(), /This application was already decided/);
  });

  test('a refusal carries its reason to the applicant and the public list', async () => {
    const daon = await as(daonOfficial);
    const sent = await postPairs(daon, '/sharing/apply?item=land-buildings', [
      ['serviceName', 'Housing benefit review'], ['serviceCode', 'housing-review'], ['legalBasis', 'Housing Benefit Act art. 5'],
      ['fields', 'properties'], ['fields', 'totalAssessedValue'], ['checks', 'owns-no-home'],
    ]);
    assert.equal(sent.status, 303);
    const id = location(sent).split('/').pop()!;
    const asked = (await approvals()).find((a) => a.id === id)!;
    assert.deepEqual(asked.fields, ['properties', 'totalAssessedValue'], 'every ticked field');
    const refused = await (await as(molitOfficial)).postForm(`/sharing/applications/${id}/decision`, { decision: 'refuse', reason: 'The assessed value is not needed for this review.' });
    assert.equal(refused.status, 303);
    const listed = (await approvals()).find((a) => a.id === id)!;
    assert.deepEqual([listed.state, listed.refusalReason], ['refused', 'The assessed value is not needed for this review.']);
    assert.match(await (await daon.request(`/sharing/applications/${id}?lang=en`)).text(), /The assessed value is not needed for this review\./);
  });

  test('citizens cannot open the officials’ pages; the decision needs an official of the provider', async () => {
    const citizen = await as(DEMO_PERSONAS.citizenKimMinJun.personId);
    assert.equal((await citizen.request('/sharing/apply')).status, 403);
    assert.equal((await citizen.request('/sharing/applications')).status, 403);
    const daon = await as(daonOfficial);
    const sent = await daon.postForm('/sharing/apply?item=vehicles', { serviceName: 'Car-free day', serviceCode: 'car-free-day', legalBasis: 'Motor Vehicle Management Act art. 7', fields: 'vehicles' });
    const id = location(sent).split('/').pop()!;
    const byConsumer = await daon.postForm(`/sharing/applications/${id}/decision?lang=en`, { decision: 'approve' });
    assert.equal(byConsumer.status, 422);
    assert.match(await byConsumer.text(), /Only officials of an agency/);
    assert.equal((await approvals()).find((a) => a.id === id)!.state, 'applied');
  });

  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('the pages pass axe (WCAG 2.2 AA) without JavaScript, in English and Korean', async () => {
    const molitToken = (await nara.kernel.identity.sessions.issueSession(molitOfficial)).token;
    const daonToken = (await nara.kernel.identity.sessions.issueSession(daonOfficial)).token;
    const pending = await (await as(daonOfficial)).postForm('/sharing/apply?item=vehicles', { serviceName: 'Axe check', serviceCode: 'axe-check', legalBasis: 'Motor Vehicle Management Act art. 7', fields: 'vehicles' });
    const pendingId = location(pending).split('/').pop()!;
    await expectPagesAxeClean(nara.app, ['/sharing/apply?lang=en', '/sharing/apply?item=welfare-status&lang=ko', '/sharing/apply?item=nonsense&lang=en', '/sharing/applications?lang=en'], { sessionToken: daonToken });
    await expectPagesAxeClean(nara.app, [`/sharing/applications/${pendingId}?lang=en`, `/sharing/applications/${pendingId}?lang=ko`, '/sharing/applications?lang=ko', `/sharing/applications/${applicationId}?lang=en`], { sessionToken: molitToken });
  });
});
