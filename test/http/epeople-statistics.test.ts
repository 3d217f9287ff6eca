import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;

interface AgencyStats {
  agencyId: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  answeredOnTimePercent: number | null;
  medianHoursToAnswer: number | null;
  extensionsUsed: number;
  casesExtended: number;
  rated: number;
  satisfied: number;
}

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

async function file(title: string, address = 'Nuri City'): Promise<string> {
  const res = await (await as(citizen)).postJson('/api/v1/epeople/cases', { type: 'grievance', title, content: `${title}.`, locationAddress: address, isPublic: false });
  return ((await res.json()) as { case: { id: string } }).case.id;
}

const answer = async (id: string) =>
  assert.equal((await (await as(nuriOfficial)).postForm(`/epeople/cases/${id}/answer`, { answer: 'Done.', outcome: 'accepted' })).status, 303);

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  await nara.kernel.pki.ensurePlatformRoot();
  // 2027, so the 2026 demo cases stay out of the figures. Tuesday 2 March 2027, 09:00 KST.
  nara.clock.set(new Date('2027-03-02T09:00:00+09:00'));
  await nara.kernel.pki.issueOfficialCertificate(nuriOfficial, agency['CITY-NURI']!);
  const start = nara.clock.now().getTime();
  const at = (hours: number) => nara.clock.set(new Date(start + hours * 3_600_000));
  // Three Nuri City grievances, all due at close of 10 March 2027.
  const [quick, extended, late] = [await file('Quick one'), await file('Extended one'), await file('Late one')];
  await file('Unanswered Daon case', 'Daon City');
  await file('No rule matches this', ''); // triage: with no agency, it counts for none
  at(48);
  await answer(quick);
  assert.equal((await (await as(nuriOfficial)).postForm(`/epeople/cases/${extended}/extend`, { amount: '3', reason: 'Survey' })).status, 303);
  at(240); // 12 March 09:00: within the extended due time (15 March)
  await answer(extended);
  at(432); // 20 March: late
  await answer(late);
  const filer = await as(citizen);
  await filer.postForm(`/epeople/cases/${quick}/rate`, { satisfaction: 'satisfied' });
  await filer.postForm(`/epeople/cases/${late}/rate`, { satisfaction: 'dissatisfied' });
});
after(() => nara.close());

describe('e-People public statistics', () => {
  test('the JSON figures per agency: received, on time, median time to answer, extensions, ratings', async () => {
    const res = await nara.app.request('/api/v1/epeople/statistics?year=2027');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { year: number; agencies: AgencyStats[] };
    assert.equal(body.year, 2027);
    const nuri = body.agencies.find((a) => a.agencyId === agency['CITY-NURI'])!;
    assert.deepEqual(
      nuri,
      { agencyId: agency['CITY-NURI'], agencyCode: 'CITY-NURI', nameEn: 'Nuri City', nameKo: '누리시', received: 3, answered: 3, answeredOnTime: 2, answeredOnTimePercent: 66.7, medianHoursToAnswer: 240, extensionsUsed: 1, casesExtended: 1, rated: 2, satisfied: 1 },
    );
    const daon = body.agencies.find((a) => a.agencyId === agency['CITY-DAON'])!;
    assert.equal(daon.received, 1);
    assert.equal(daon.answeredOnTimePercent, null);
    assert.equal(daon.medianHoursToAnswer, null);
    assert.equal(body.agencies.reduce((n, a) => n + a.received, 0), 4, 'the triage case counts for no agency');
  });

  test('the page shows the same figures without signing in, in English and Korean', async () => {
    const en = await (await nara.app.request('/epeople/statistics?year=2027&lang=en')).text();
    assert.match(en, /<h1[^>]*>e-People statistics 2027<\/h1>/);
    assert.match(en, /Nuri City<\/th>/);
    assert.match(en, /66\.7%/);
    assert.match(en, /10 days/);
    assert.match(en, /1 of 2/);
    assert.match(en, /In all: 4 cases received, 3 answered, 66\.7% of the answers on time/);
    const ko = await (await nara.app.request('/epeople/statistics?year=2027&lang=ko')).text();
    assert.match(ko, /2027년 국민신문고 통계/);
    assert.match(ko, /10일/);
  });

  test('the default year is the current one; a bad year is a 422, never a 5xx', async () => {
    assert.match(await (await nara.app.request('/epeople/statistics?lang=en')).text(), /e-People statistics 2027/);
    const empty = await (await nara.app.request('/epeople/statistics?year=2020&lang=en')).text();
    assert.match(empty, /No case was received in this year/);
    const api = await nara.app.request('/api/v1/epeople/statistics?year=1800');
    assert.equal(api.status, 422);
    assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal((await nara.app.request('/api/v1/epeople/statistics?year=abc')).status, 422);
    assert.equal((await nara.app.request('/epeople/statistics?year=abc')).status, 422);
  });
});
