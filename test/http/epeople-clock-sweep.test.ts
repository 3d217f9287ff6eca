import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import type { JobRunner } from '../../src/kernel/jobs/jobs.runner.js';
import { inboxPage } from '../../src/kernel/notifications/notifications.service.js';
import { createClockSweep } from '../../src/modules/epeople/epeople.sweep.js';
import { DEFAULT_EPEOPLE_SETTINGS } from '../../src/modules/epeople/index.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
let runner: JobRunner;
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
/** Choi Su-jin administers Nuri City: its supervisor. */
const supervisor = DEMO_PERSONAS.cityAdminChoiSuJin.personId;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

/** Notifications of one template about one case number, as stored in the person's inbox. */
async function notices(personId: string, template: string, number: string): Promise<number> {
  const page = await inboxPage(nara.database.db, personId, 1);
  return page.items.filter((n) => n.template === template && (n.params as { number?: string }).number === number).length;
}

async function historyKinds(id: string): Promise<string[]> {
  const res = await (await as(citizen)).request(`/api/v1/epeople/cases/${id}`);
  return ((await res.json()) as { history: { kind: string }[] }).history.map((e) => e.kind);
}

async function fileGrievance(title: string): Promise<{ id: string; number: string; dueAt: string }> {
  const res = await (await as(citizen)).postJson('/api/v1/epeople/cases', { type: 'grievance', title, content: `${title}: please look.`, locationAddress: 'Nuri City', isPublic: false });
  assert.equal(res.status, 201);
  return ((await res.json()) as { case: { id: string; number: string; dueAt: string } }).case;
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
  runner = nara.kernel.jobs.createRunner();
  await runner.drain(); // the first pass registers the sweep's schedule at the current time
});
after(() => nara.close());

describe('e-People clock sweep (a scheduled job)', () => {
  let grievance: { id: string; number: string; dueAt: string };

  test('the supervisor hears once, a working day before the due time, and not before', async () => {
    // Filed Monday 2 March 2026 09:00 KST (a holiday): due at close of 11 March.
    grievance = await fileGrievance('Blocked drain on Haneul-ro');
    assert.equal(grievance.dueAt, new Date('2026-03-11T18:00:00+09:00').toISOString());
    nara.clock.set(new Date('2026-03-10T17:00:00+09:00')); // 9 working hours left
    await runner.drain();
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', grievance.number), 0, 'too early');
    nara.clock.set(new Date('2026-03-10T18:05:00+09:00')); // 8 working hours left
    await runner.drain();
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', grievance.number), 1);
    assert.ok((await historyKinds(grievance.id)).includes('escalated'));
    nara.clock.advance(HOUR); // more slots fire; the notice is not repeated
    await runner.drain();
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', grievance.number), 1);
    const inbox = await (await as(supervisor)).request('/inbox?lang=en');
    assert.match(await inbox.text(), /is due by March 11, 2026 at 6:00\s?PM and has not been answered yet/);
  });

  test('an extension moves the due time, so the supervisor hears again before the new one', async () => {
    const nuri = await as(supervisor);
    assert.equal((await nuri.postForm(`/epeople/cases/${grievance.id}/extend`, { amount: '3', reason: 'Waiting for the drain survey' })).status, 303);
    nara.clock.advance(HOUR);
    await runner.drain();
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', grievance.number), 1, 'the new due time is days away');
    nara.clock.set(new Date('2026-03-16T09:00:00+09:00')); // due 16 March 18:00 after 3 more days
    await runner.drain();
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', grievance.number), 2);
  });

  test('the filer gets the progress notice once when the case has been open 30 days', async () => {
    const before = await notices(citizen, 'epeople.notice.progress_notice', grievance.number);
    assert.equal(before, 0);
    nara.clock.set(new Date('2026-04-01T08:59:00+09:00')); // 30 days less a minute
    await runner.drain();
    assert.equal(await notices(citizen, 'epeople.notice.progress_notice', grievance.number), 0);
    nara.clock.set(new Date('2026-04-01T09:16:00+09:00'));
    await runner.drain();
    assert.equal(await notices(citizen, 'epeople.notice.progress_notice', grievance.number), 1);
    nara.clock.advance(DAY);
    await runner.drain();
    assert.equal(await notices(citizen, 'epeople.notice.progress_notice', grievance.number), 1);
    assert.equal((await historyKinds(grievance.id)).filter((k) => k === 'progress_notice').length, 1);
    const page = await (await (await as(citizen)).request('/inbox?lang=en')).text();
    assert.match(page, /Blocked drain on Haneul-ro” has been open for 30 days/);
  });

  test('two sweeps at the same moment still send each notice once', async () => {
    const fresh = await fileGrievance('Fallen tree on Byeol-ro');
    nara.clock.advance(31 * DAY);
    const a = createClockSweep(nara.kernel, DEFAULT_EPEOPLE_SETTINGS);
    const b = createClockSweep(nara.kernel, DEFAULT_EPEOPLE_SETTINGS);
    const [ra, rb] = await Promise.all([a.run(), b.run()]);
    assert.equal(await notices(citizen, 'epeople.notice.progress_notice', fresh.number), 1);
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', fresh.number), 1);
    assert.ok(ra.progressNotices + rb.progressNotices >= 1);
    const again = await a.run();
    assert.deepEqual(again, { progressNotices: 0, escalations: 0 });
  });

  test('an answered case gets neither notice', async () => {
    const answered = await fileGrievance('Graffiti on the bridge');
    await nara.kernel.pki.ensurePlatformRoot();
    await nara.kernel.pki.issueOfficialCertificate(supervisor, (await nara.kernel.identity.listOrganisations()).find((o) => o.code === 'CITY-NURI')!.id);
    const nuri = await as(supervisor);
    assert.equal((await nuri.postForm(`/epeople/cases/${answered.id}/answer`, { answer: 'Cleaned today.', outcome: 'accepted' })).status, 303);
    nara.clock.advance(40 * DAY);
    await runner.drain();
    assert.equal(await notices(citizen, 'epeople.notice.progress_notice', answered.number), 0);
    assert.equal(await notices(supervisor, 'epeople.notice.escalated', answered.number), 0);
  });
});
