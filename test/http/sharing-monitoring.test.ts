import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import type { JobRunner } from '../../src/kernel/jobs/jobs.runner.js';
import { allModules } from '../../src/modules/index.js';
import { createSharingManifest } from '../../src/modules/sharing/index.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { expectPagesAxeClean } from '../support/serve.js';

let nara: TestNara;
let runner: JobRunner;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;
const auditor = DEMO_PERSONAS.auditorYoonSeoHyun.personId;
let moisOfficial: string;
let molitOfficial: string;
let actedOn: string;
let leftAlone: string;
const HOUR = 3_600_000;

interface Alert { id: string; kind: string; officialId: string; providerIds: string[]; accessId: string | null }

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

async function fileCase(title: string): Promise<string> {
  const filed = await (await as(citizen)).postJson('/api/v1/epeople/cases', { type: 'certificate', agencyId: agency['CITY-NURI'], title, content: 'I apply for a new passport.', isPublic: false });
  assert.equal(filed.status, 201);
  return ((await filed.json()) as { case: { id: string } }).case.id;
}

async function lookUp(caseId: string): Promise<string> {
  const res = await (await as(nuriOfficial)).postJson('/api/v1/sharing/lookups', { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 9', caseId, items: ['resident-registration'] });
  assert.equal(res.status, 200);
  return ((await res.json()) as { accessId: string }).accessId;
}

const alertsSeenBy = async (personId: string, path: string) => ((await (await (await as(personId)).request(path)).json()) as { items: Alert[] }).items;

before(async () => {
  const sharing = createSharingManifest({ noActionAfterMs: 2 * HOUR });
  nara = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? sharing : m)) });
  await seedDemoCountry(nara.kernel, { citizens: 20 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  moisOfficial = (await nara.kernel.identity.listOfficialsOf(agency.MOIS!))[0]!.personId;
  molitOfficial = (await nara.kernel.identity.listOfficialsOf(agency.MOLIT!))[0]!.personId;
  runner = nara.kernel.jobs.createRunner();
  await runner.drain();
  actedOn = await fileCase('Passport application');
  leftAlone = await fileCase('Another passport application');
});
after(() => nara.close());

describe('sharing monitoring: lookups with no later action on the case', () => {
  let accessLeftAlone: string;

  test('each granted lookup for a case starts one durable timer; refusals and external cases start none', async () => {
    await lookUp(actedOn);
    accessLeftAlone = await lookUp(leftAlone);
    const refused = await (await as(nuriOfficial)).postJson('/api/v1/sharing/lookups', { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 9', items: ['resident-registration'] });
    assert.equal(refused.status, 422);
    const external = await (await as(nuriOfficial)).postJson('/api/v1/sharing/lookups', { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 9', externalCaseId: 'NURI-PP-2026-1', personId: citizen, items: ['resident-registration'] });
    assert.equal(external.status, 200);
    const jobs = await nara.kernel.db.selectFrom('job').select(['dedupe_key', 'run_at']).where('type', '=', 'sharing.no-action-check').execute();
    assert.equal(jobs.length, 2);
    assert.ok(jobs.some((j) => j.dedupe_key === accessLeftAlone));
    assert.ok(jobs.every((j) => j.run_at.getTime() === nara.clock.now().getTime() + 2 * HOUR), 'due after the configured period');
  });

  test('before the period ends nothing is raised; after it, only the case nobody acted on raises an alert', async () => {
    const nuri = await as(nuriOfficial);
    assert.equal((await nuri.postForm(`/epeople/cases/${actedOn}/assign`)).status, 303, 'an official acts on one case');
    nara.clock.advance(HOUR);
    await runner.drain();
    assert.equal((await alertsSeenBy(auditor, '/api/v1/sharing/alerts')).filter((a) => a.kind === 'no_action').length, 0);
    nara.clock.advance(HOUR + 60_000);
    await runner.drain();
    await runner.drain();
    const alerts = (await alertsSeenBy(auditor, '/api/v1/sharing/alerts')).filter((a) => a.kind === 'no_action');
    assert.equal(alerts.length, 1, 'one alert, for the case left alone');
    assert.equal(alerts[0]!.accessId, accessLeftAlone);
    assert.equal(alerts[0]!.officialId, nuriOfficial);
    assert.deepEqual(alerts[0]!.providerIds, [agency.MOIS]);
    assert.ok((await nara.kernel.notifications.unreadCount(auditor)) >= 1, 'the auditor is told');
  });

  test('the provider agency’s officials are told and see it on their page; other providers do not', async () => {
    assert.ok((await nara.kernel.notifications.unreadCount(moisOfficial)) >= 1, 'the provider official is told');
    const mine = await alertsSeenBy(moisOfficial, '/api/v1/sharing/provider-alerts');
    assert.deepEqual(mine.filter((a) => a.kind === 'no_action').map((a) => a.accessId), [accessLeftAlone]);
    const page = await (await (await as(moisOfficial)).request('/sharing/provider-alerts?lang=en')).text();
    assert.match(page, /No later action on the case/);
    assert.match(page, new RegExp(`Nothing was done on the case within 120 minutes of the lookup \\(access record ${accessLeftAlone}\\)`));
    assert.match(page, /Ministry of the Interior and Safety/);
    assert.equal((await alertsSeenBy(molitOfficial, '/api/v1/sharing/provider-alerts')).length, 0);
    assert.equal((await (await as(citizen)).request('/sharing/provider-alerts')).status, 403);
    assert.equal((await (await as(citizen)).request('/api/v1/sharing/provider-alerts')).status, 403);
  });

  test('a burst alert also reaches the provider of the items looked up', async () => {
    const daonOfficial = (await nara.kernel.identity.listOfficialsOf(agency['CITY-DAON']!))[0]!.personId;
    const daon = await as(daonOfficial);
    const people = (await nara.kernel.db.selectFrom('sharing_resident').select('person_id').orderBy('person_id').limit(10).execute()).map((r) => r.person_id);
    for (const [i, personId] of people.entries()) {
      const res = await daon.postJson('/api/v1/sharing/checks', { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', externalCaseId: `DAON-HB-${i}`, personId, check: 'owns-no-home' });
      assert.equal(res.status, 200);
    }
    const seen = await alertsSeenBy(molitOfficial, '/api/v1/sharing/provider-alerts');
    assert.deepEqual(seen.map((a) => `${a.kind}:${a.officialId}`), [`burst:${daonOfficial}`]);
    assert.match(await (await (await as(molitOfficial)).request('/sharing/provider-alerts?lang=ko')).text(), /서로 다른 10명/);
  });

  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('the provider officials’ alert page passes axe, in English and Korean', async () => {
    const token = (await nara.kernel.identity.sessions.issueSession(moisOfficial)).token;
    await expectPagesAxeClean(nara.app, ['/sharing/provider-alerts?lang=en', '/sharing/provider-alerts?lang=ko', '/sharing?lang=en'], { sessionToken: token });
  });
});
