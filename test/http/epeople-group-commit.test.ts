import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SessionContext } from '../../src/kernel/http/context.js';
import { createEpeopleService } from '../../src/modules/epeople/epeople.service.js';
import { DEFAULT_EPEOPLE_SETTINGS } from '../../src/modules/epeople/index.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
let citizens: string[];

const session = (personId: string): SessionContext => ({
  sessionId: 'test', personId, displayName: 'test', authenticatedAt: new Date(), roles: [], officialOf: [], isDemo: true,
});
const input = (i: number, text = `Streetlight ${i} is out`) => ({ type: 'grievance', title: text, content: `${text}, by house ${i}.`, locationAddress: 'Nuri City', isPublic: false });

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 12 });
  citizens = (await nara.kernel.identity.listPeopleWithRole('citizen', 12)).map((p) => p.id);
});
after(() => nara.close());

describe('e-People filings: group commit', () => {
  test('concurrent filings share transactions, yet each gets its own number, log entry, history and notice', async () => {
    const service = createEpeopleService(nara.kernel, { ...DEFAULT_EPEOPLE_SETTINGS, filingGroupCommit: { maxBatch: 8, maxInFlight: 2 } });
    const filed = await Promise.all(Array.from({ length: 40 }, (_, i) => service.fileCase(session(citizens[i % citizens.length]!), input(i), 'en')));
    const ids = filed.map((f) => f.case.id);
    assert.equal(new Set(filed.map((f) => f.case.number)).size, 40, 'distinct numbers');
    assert.equal(new Set(filed.map((f) => f.case.log_pending_id)).size, 40, 'distinct log entries');
    const db = nara.kernel.db;
    const stored = await db.selectFrom('epeople_case').select(['id', 'number', 'log_pending_id']).where('id', 'in', ids).execute();
    assert.equal(stored.length, 40, 'every acknowledged filing is in the database');
    for (const f of filed) assert.deepEqual(stored.find((r) => r.id === f.case.id), { id: f.case.id, number: f.case.number, log_pending_id: f.case.log_pending_id });
    const events = await db.selectFrom('epeople_case_event').select(['case_id', 'kind']).where('case_id', 'in', ids).execute();
    assert.equal(events.length, 80);
    const pendingIds = filed.map((f) => f.case.log_pending_id!);
    const pending = await db.selectFrom('tlog_pending').select('id').where('id', 'in', pendingIds).execute();
    const sequenced = await db.selectFrom('tlog_entry').select('pending_id').where('pending_id', 'in', pendingIds).execute();
    assert.equal(pending.length + sequenced.length, 40, 'the log holds an entry for every filing');
    const notices = await db.selectFrom('notification').select('person_id').where('template', '=', 'epeople.notice.filed').where('person_id', 'in', citizens).execute();
    assert.ok(notices.length >= 40);
  });

  test('the same text filed three times at once counts the earlier ones, as one at a time would', async () => {
    const service = createEpeopleService(nara.kernel, { ...DEFAULT_EPEOPLE_SETTINGS, filingGroupCommit: { maxBatch: 8, maxInFlight: 1 } });
    const filer = citizens[0]!;
    const same = input(999, 'Bench by the river is broken');
    const filed = await Promise.all([0, 1, 2].map(() => service.fileCase(session(filer), same, 'en')));
    assert.deepEqual(filed.map((f) => f.repeats.filed).sort(), [0, 1, 2]);
    assert.deepEqual(await service.repeatCount(session(filer), same.title, same.content), { filed: 3, answered: 0 });
  });

  test('a filing that cannot be written fails alone; the others in its batch are filed', async () => {
    const service = createEpeopleService(nara.kernel, { ...DEFAULT_EPEOPLE_SETTINGS, filingGroupCommit: { maxBatch: 16, maxInFlight: 1 } });
    const results = await Promise.allSettled([
      ...citizens.slice(0, 5).map((c, i) => service.fileCase(session(c), input(500 + i), 'en')),
      service.fileCase(session('per_nobody'), input(600), 'en'),
      ...citizens.slice(5, 10).map((c, i) => service.fileCase(session(c), input(700 + i), 'en')),
    ]);
    assert.deepEqual(results.map((r) => r.status), [...Array(5).fill('fulfilled'), 'rejected', ...Array(5).fill('fulfilled')]);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.case.id] : []));
    assert.equal((await nara.kernel.db.selectFrom('epeople_case').select('id').where('id', 'in', ids).execute()).length, 10);
  });
});
