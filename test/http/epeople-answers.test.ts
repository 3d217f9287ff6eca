import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const neighbour = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
/** Choi Su-jin: official and agency admin of Nuri City, with a signing certificate. */
const nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;

interface CaseJson {
  id: string;
  number: string;
  status: string;
  agencyId: string | null;
  type: string;
  answerOutcome: string | null;
  answerRemedies: string | null;
  satisfaction: string | null;
  reopenedAs: string | null;
  reopenedFrom: string | null;
  history: { kind: string }[];
}

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

async function file(personId: string, fields: Record<string, unknown> = {}): Promise<CaseJson> {
  const res = await (await as(personId)).postJson('/api/v1/epeople/cases', {
    type: 'grievance', title: 'Bus stop shelter broken', content: 'The glass of the shelter at Nuri market is shattered.', locationAddress: 'Nuri City', isPublic: false, ...fields,
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { case: CaseJson }).case;
}

const read = async (personId: string, id: string) => (await (await as(personId)).request(`/api/v1/epeople/cases/${id}`)).json() as Promise<CaseJson>;

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  await nara.kernel.pki.ensurePlatformRoot();
  await nara.kernel.pki.issueOfficialCertificate(nuriOfficial, agency['CITY-NURI']!);
});
after(() => nara.close());

describe('e-People answers: refusals, ratings, reopening', () => {
  let refused: CaseJson;

  test('a refusal needs its remedies; the filer reads reasons and remedies, and both are signed', async () => {
    refused = await file(citizen);
    const official = await as(nuriOfficial);
    const bare = await official.postForm(`/epeople/cases/${refused.id}/answer?lang=en`, { answer: 'The shelter belongs to the bus company, not the city.', outcome: 'refused' });
    assert.equal(bare.status, 422);
    assert.match(await bare.text(), /State the remedies open to the filer/);
    const remedies = 'Object to Nuri City within 30 days, or bring an administrative appeal within 90 days.';
    const ok = await official.postForm(`/epeople/cases/${refused.id}/answer`, { answer: 'The shelter belongs to the bus company, not the city.', outcome: 'refused', remedies });
    assert.equal(ok.status, 303);
    const filer = await as(citizen);
    const page = await (await filer.request(`/epeople/cases/${refused.id}?lang=en`)).text();
    assert.match(page, />Refused</);
    assert.match(page, /What you can do if you disagree/);
    assert.ok(page.includes(remedies));
    const jws = await (await filer.request(`/epeople/cases/${refused.id}/answer.jws`)).text();
    const verified = await nara.kernel.pki.verifyJson(jws);
    assert.ok(verified.ok);
    assert.deepEqual(
      { outcome: (verified.payload as { outcome: string }).outcome, remedies: (verified.payload as { remedies: string }).remedies },
      { outcome: 'refused', remedies },
    );
  });

  test('only the filer rates, once, after the answer', async () => {
    const open = await file(citizen, { title: 'Another shelter' });
    const filer = await as(citizen);
    const early = await filer.postForm(`/epeople/cases/${open.id}/rate?lang=en`, { satisfaction: 'satisfied' });
    assert.equal(early.status, 422);
    assert.match(await early.text(), /rated once it is answered/);
    assert.equal((await (await as(nuriOfficial)).postForm(`/epeople/cases/${refused.id}/rate`, { satisfaction: 'satisfied' })).status, 404);
    assert.equal((await (await as(neighbour)).postForm(`/epeople/cases/${refused.id}/rate`, { satisfaction: 'satisfied' })).status, 404);
    const invalid = await filer.postForm(`/epeople/cases/${refused.id}/rate?lang=en`, { satisfaction: 'furious' });
    assert.equal(invalid.status, 422);
    assert.match(await invalid.text(), /Choose how satisfied you are/);
    assert.equal((await filer.postForm(`/epeople/cases/${refused.id}/rate`, { satisfaction: 'dissatisfied', comment: 'The city owns the pavement.' })).status, 303);
    const twice = await filer.postForm(`/epeople/cases/${refused.id}/rate?lang=en`, { satisfaction: 'satisfied' });
    assert.equal(twice.status, 422);
    assert.match(await twice.text(), /already rated/);
    assert.equal((await read(citizen, refused.id)).satisfaction, 'dissatisfied');
    // The agency sees the rating on its case page.
    assert.match(await (await (await as(nuriOfficial)).request(`/epeople/cases/${refused.id}?lang=en`)).text(), /The filer&#39;s rating|The filer's rating/);
  });

  test('a dissatisfied filer takes it further as an appeal, routed to the appeals body; once only', async () => {
    const filer = await as(citizen);
    const page = await (await filer.request(`/epeople/cases/${refused.id}?lang=en`)).text();
    assert.match(page, /Take the matter further/);
    const noReason = await filer.postForm(`/epeople/cases/${refused.id}/reopen?lang=en`, { as: 'administrative_appeal', reason: '' });
    assert.equal(noReason.status, 422);
    const res = await filer.postForm(`/epeople/cases/${refused.id}/reopen`, { as: 'administrative_appeal', reason: 'The pavement and its furniture are the city’s.' });
    assert.equal(res.status, 303);
    const appealId = /\/epeople\/cases\/(cas_[a-z0-9]+)\/receipt$/.exec(res.headers.get('location') ?? '')?.[1];
    assert.ok(appealId);
    const appeal = await read(citizen, appealId);
    assert.equal(appeal.type, 'administrative_appeal');
    assert.equal(appeal.agencyId, agency.ACRC);
    assert.equal(appeal.reopenedFrom, refused.id);
    const original = await read(citizen, refused.id);
    assert.equal(original.reopenedAs, appealId);
    assert.equal(original.history.at(-1)?.kind, 'reopened');
    const again = await filer.postForm(`/epeople/cases/${refused.id}/reopen?lang=en`, { as: 'grievance', reason: 'Once more' });
    assert.equal(again.status, 422);
    assert.match(await again.text(), /already taken further/);
  });

  test('a satisfied (or unrated) filer cannot reopen', async () => {
    const happy = await file(citizen, { title: 'Bench repaired?' });
    await (await as(nuriOfficial)).postForm(`/epeople/cases/${happy.id}/answer`, { answer: 'Repaired on Monday.', outcome: 'accepted' });
    const filer = await as(citizen);
    const unrated = await filer.postForm(`/epeople/cases/${happy.id}/reopen?lang=en`, { as: 'grievance', reason: 'Hmm' });
    assert.equal(unrated.status, 422);
    assert.match(await unrated.text(), /Rate the answer as dissatisfied first/);
    await filer.postForm(`/epeople/cases/${happy.id}/rate`, { satisfaction: 'satisfied' });
    assert.equal((await filer.postForm(`/epeople/cases/${happy.id}/reopen`, { as: 'grievance', reason: 'Hmm' })).status, 422);
  });
});

describe('e-People supplements: at most twice, then the case may be closed with notice', () => {
  test('closing is refused before the second request and allowed while it is unanswered', async () => {
    const row = await file(citizen, { title: 'Noise from the depot' });
    const official = await as(nuriOfficial);
    const filer = await as(citizen);
    await official.postForm(`/epeople/cases/${row.id}/request-supplement`, { note: 'Which nights?' });
    const tooSoon = await official.postForm(`/epeople/cases/${row.id}/close?lang=en`);
    assert.equal(tooSoon.status, 422);
    await filer.postForm(`/epeople/cases/${row.id}/supplement`, { supplement: 'Every night.' });
    await official.postForm(`/epeople/cases/${row.id}/request-supplement`, { note: 'What time exactly?' });
    const third = await official.postForm(`/epeople/cases/${row.id}/request-supplement?lang=en`, { note: 'And the date?' });
    assert.equal(third.status, 422);
    assert.match(await official.request(`/epeople/cases/${row.id}?lang=en`).then((r) => r.text()), /Close the case with notice/);
    assert.equal((await filer.postForm(`/epeople/cases/${row.id}/close`)).status, 404, 'the filer cannot close it this way');
    assert.equal((await official.postForm(`/epeople/cases/${row.id}/close`)).status, 303);
    const closed = await read(citizen, row.id);
    assert.equal(closed.status, 'closed');
    assert.match(await (await filer.request('/inbox?lang=en')).text(), new RegExp(`Case ${closed.number} closed`));
  });
});

describe('e-People: joining a similar case instead of filing', () => {
  test('the check page offers to join a similar public case; joining counts the person and tells them of the answer', async () => {
    const published = await file(citizen, { title: 'Flooded underpass at Nuri station', content: 'The underpass at Nuri station floods every time it rains.', isPublic: true });
    const neighbourBrowser = await as(neighbour);
    for (const [step, fields] of [
      ['type', { type: 'grievance' }], ['agency', { agencyId: '' }],
      ['details', { title: 'Underpass flooded again', content: 'The Nuri station underpass is flooded after rain.' }],
      ['location', { locationAddress: 'Nuri City' }], ['disclosure', { isPublic: 'no' }],
    ] as const) {
      assert.equal((await neighbourBrowser.postForm(`/epeople/file/${step}`, fields)).status, 303);
    }
    const check = await (await neighbourBrowser.request('/epeople/file/check?lang=en')).text();
    assert.ok(check.includes(`Join ${published.number} instead`));
    assert.ok(check.includes(`action="/epeople/file/join/${published.id}"`));
    const joined = await neighbourBrowser.postForm(`/epeople/file/join/${published.id}`);
    assert.equal(joined.status, 303);
    assert.equal(joined.headers.get('location'), `/epeople/public/${published.id}?joined=1`);
    const publicPage = await (await neighbourBrowser.request(`/epeople/public/${published.id}?joined=1&lang=en`)).text();
    assert.match(publicPage, /You joined this case/);
    assert.match(publicPage, /1 person joined/);
    // Joining twice counts once; the draft is gone, so the check page sends them back to the start.
    await neighbourBrowser.postForm(`/epeople/file/join/${published.id}`);
    assert.match(await (await nara.app.request(`/epeople/public/${published.id}?lang=en`)).text(), /1 person joined/);
    assert.equal((await neighbourBrowser.request('/epeople/file/check')).headers.get('location'), '/epeople/file/type');
    // A private case cannot be joined (nor its existence learnt).
    const privateCase = await file(citizen, { title: 'Private matter' });
    assert.equal((await neighbourBrowser.postForm(`/epeople/file/join/${privateCase.id}`)).status, 404);
    await (await as(nuriOfficial)).postForm(`/epeople/cases/${published.id}/answer`, { answer: 'Pumps will be installed in May.', outcome: 'accepted' });
    assert.match(await (await neighbourBrowser.request('/inbox?lang=en')).text(), new RegExp(`Case ${published.number}, which you joined, is answered`));
  });
});

describe('e-People filer actions through the JSON API', () => {
  test('the filer declines a proposed further extension; the due time stays and the refusal is in the history', async () => {
    const row = await file(citizen, { title: 'Street sign missing' });
    const official = await as(nuriOfficial);
    await official.postForm(`/epeople/cases/${row.id}/extend`, { amount: '2', reason: 'Sign on order' });
    const before = (await read(citizen, row.id)) as CaseJson & { dueAt: string };
    await official.postForm(`/epeople/cases/${row.id}/extend`, { amount: '2', reason: 'Supplier late' });
    const filer = await as(citizen);
    assert.equal((await (await as(neighbour)).postJson(`/api/v1/epeople/cases/${row.id}/extension-consent`, { consent: true })).status, 404);
    const res = await filer.postJson(`/api/v1/epeople/cases/${row.id}/extension-consent`, { consent: false });
    assert.equal(res.status, 200);
    const after = (await res.json()) as CaseJson & { dueAt: string; extensions: number };
    assert.equal(after.dueAt, before.dueAt);
    assert.equal(after.extensions, 1);
    assert.equal(after.history.at(-1)?.kind, 'extension_declined');
    const again = await filer.postJson(`/api/v1/epeople/cases/${row.id}/extension-consent`, { consent: true });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, 'no_extension_proposed');
  });

  test('the filer rates by API once the case is answered; a second rating is a 409 problem', async () => {
    const row = await file(citizen, { title: 'Park bench broken' });
    const filer = await as(citizen);
    const early = await filer.postJson(`/api/v1/epeople/cases/${row.id}/rating`, { satisfaction: 'neutral' });
    assert.equal(early.status, 409);
    assert.equal(((await early.json()) as { code: string }).code, 'case_not_answered');
    await (await as(nuriOfficial)).postForm(`/epeople/cases/${row.id}/answer`, { answer: 'Fixed.', outcome: 'accepted' });
    const rated = await filer.postJson(`/api/v1/epeople/cases/${row.id}/rating`, { satisfaction: 'neutral', comment: 'Took a while.' });
    assert.equal(rated.status, 200);
    assert.equal(((await rated.json()) as CaseJson).satisfaction, 'neutral');
    assert.equal((await filer.postJson(`/api/v1/epeople/cases/${row.id}/rating`, { satisfaction: 'satisfied' })).status, 409);
    assert.equal((await filer.postJson(`/api/v1/epeople/cases/${row.id}/rating`, { satisfaction: 'great' })).status, 422);
  });
});
