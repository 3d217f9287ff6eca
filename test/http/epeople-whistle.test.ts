import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { decryptShare, ecPublicJwkOf } from '../../src/kernel/trust/threshold/threshold.js';
import { IDENTITY_SHARE_CONTENT_TYPE } from '../../src/modules/epeople/epeople.whistle.sealing.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { expectPagesAxeClean } from '../support/serve.js';

let nara: TestNara;
let acrc: string;
let handler: string;
const officers: { personId: string; privateKey: KeyObject }[] = [];
const reporter = DEMO_PERSONAS.citizenKimMinJun;
const lawyer = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
const PROXY_REPORTER = 'Gwon Sun-ae Whistleprotected';

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

const text = async (res: Response | Promise<Response>) => (await res).text();

/** Rows of every table as text, with the table's name: what an operator with a dump would see. */
async function databaseDump(): Promise<{ table: string; row: string }[]> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(nara.kernel.db);
  const out: { table: string; row: string }[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(name)} t`.execute(nara.kernel.db);
    out.push(...rows.rows.map((r) => ({ table: name, row: r.row })));
  }
  return out;
}

/** The protection officer's side: fetch the encrypted share and open it with the key on their device. */
async function decryptedShare(officer: (typeof officers)[number], caseId: string): Promise<string> {
  const res = await (await as(officer.personId)).request(`/api/v1/epeople/cases/${caseId}/identity-share`);
  assert.equal(res.status, 200);
  const { jwe } = (await res.json()) as { jwe: string };
  return Buffer.from(await decryptShare(jwe, officer.privateKey, IDENTITY_SHARE_CONTENT_TYPE)).toString('base64url');
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 20 });
  acrc = (await nara.kernel.identity.listOrganisations()).find((o) => o.code === 'ACRC')!.id;
  const designated = await sql<{ person_id: string }>`select person_id from epeople_protection_officer where agency_id = ${acrc} order by person_id`.execute(nara.kernel.db);
  assert.ok(designated.rows.length >= 2, 'the demo seed designates protection officers for the ACRC');
  // Each designated officer makes a key on their own device and registers its public half.
  for (const { person_id } of designated.rows) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const res = await (await as(person_id)).postJson('/api/v1/epeople/protection-keys', { agencyId: acrc, publicJwk: ecPublicJwkOf(publicKey) });
    assert.equal(res.status, 204);
    officers.push({ personId: person_id, privateKey });
  }
  const officials = await nara.kernel.identity.listOfficialsOf(acrc);
  handler = officials.map((o) => o.personId).find((id) => !officers.some((o) => o.personId === id))!;
  assert.ok(handler, 'an ACRC official who is not a protection officer handles the reports');
});
after(() => nara.close());

describe('e-People: whistleblower protection', () => {
  let sealedId = '';
  let sealedNumber = '';
  let caseCode = '';
  let proxyId = '';
  let proxyCode = '';

  test('a reporter files a sealed corruption report through the pages (no JavaScript) and gets a case code once', async () => {
    const browser = await as(reporter.personId);
    const form = await text(browser.request('/epeople/protected-report?lang=en'));
    assert.match(form, /Report with your identity protected/);
    // Missing answers come back with the error summary.
    const invalid = await browser.postForm('/epeople/protected-report/check?lang=en', { type: '', route: '', title: '', content: '' });
    assert.equal(invalid.status, 422);
    assert.match(await invalid.text(), /govuk-error-summary[\s\S]*Choose what you are reporting/);
    const answers = {
      type: 'corruption_report', route: 'sealed', reporterName: '', reporterBirthDate: '', contact: '010-5555-0199',
      title: 'Kickbacks on the Nuri bridge contract', content: 'The procurement head asked bidders for 3 % of the contract value in cash.', locationAddress: '',
    };
    const check = await browser.postForm('/epeople/protected-report/check?lang=en', answers);
    assert.equal(check.status, 200);
    const checkPage = await check.text();
    assert.match(checkPage, /Kickbacks on the Nuri bridge contract/);
    const nonce = /name="nonce" value="([^"]+)"/.exec(checkPage)![1]!;
    const receipt = await browser.postForm('/epeople/protected-report/submit?lang=en', { ...answers, nonce });
    assert.equal(receipt.status, 200);
    assert.equal(receipt.headers.get('cache-control'), 'no-store');
    const page = await receipt.text();
    caseCode = /data-case-code[^>]*>([0-9A-Z-]+)</.exec(page)?.[1] ?? '';
    assert.match(caseCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/, 'a 100-bit case code in five groups');
    sealedNumber = /EP-2026-\d{6}/.exec(page)![0];
    // Reloading the receipt sends the form again: it is not filed twice.
    const before = await sql<{ n: number }>`select count(*)::int as n from epeople_case`.execute(nara.kernel.db);
    const again = await browser.postForm('/epeople/protected-report/submit?lang=en', { ...answers, nonce });
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), '/epeople/report-inbox');
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from epeople_case`.execute(nara.kernel.db)).rows[0]!.n, before.rows[0]!.n);
    const row = await sql<{ id: string; filer_id: string | null; agency_id: string; is_public: boolean }>`select id, filer_id, agency_id, is_public from epeople_case where number = ${sealedNumber}`.execute(nara.kernel.db);
    sealedId = row.rows[0]!.id;
    assert.equal(row.rows[0]!.filer_id, null, 'no filer of record');
    assert.equal(row.rows[0]!.agency_id, acrc, 'sent to the handling body');
    assert.equal(row.rows[0]!.is_public, false, 'never published');
  });

  test('a lawyer files for a reporter (proxy route): the lawyer is the filer of record, the reporter sealed', async () => {
    const res = await (await as(lawyer)).postJson('/api/v1/epeople/protected-reports', {
      type: 'public_interest_report', route: 'proxy', reporterName: PROXY_REPORTER, reporterBirthDate: '1979-11-02', contact: 'sealed-contact@example.test',
      title: 'Toxic waste dumped into the Sollae river', content: 'A plant discharges untreated waste at night through an unregistered pipe.',
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { caseId: string; caseCode: string };
    proxyId = body.caseId;
    proxyCode = body.caseCode;
    const row = await sql<{ filer_id: string }>`select filer_id from epeople_case where id = ${proxyId}`.execute(nara.kernel.db);
    assert.equal(row.rows[0]!.filer_id, lawyer);
    const refused = await (await as(lawyer)).postJson('/api/v1/epeople/protected-reports', { type: 'public_interest_report', route: 'proxy', title: 'x', content: 'y' });
    assert.equal(refused.status, 422, 'the proxy route needs the reporter\'s name');
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
  });

  test('the database holds no plaintext identity of a sealed report', async () => {
    const dump = await databaseDump();
    const all = dump.map((d) => d.row).join('\n');
    for (const secret of [PROXY_REPORTER, 'sealed-contact@example.test', '010-5555-0199', caseCode, proxyCode, caseCode.replaceAll('-', '')]) {
      assert.ok(!all.includes(secret), `"${secret}" is in the database in clear`);
    }
    // No row anywhere ties the reporter to the case (filer, events, notifications, jobs, log).
    const linking = dump.filter((d) => d.row.includes(reporter.personId) && (d.row.includes(sealedId) || d.row.includes(sealedNumber)));
    assert.deepEqual(linking.map((d) => d.table), []);
    const epeopleRows = dump.filter((d) => d.table.startsWith('epeople_') || ['notification', 'job', 'tlog_pending', 'tlog_entry'].includes(d.table));
    assert.ok(!epeopleRows.some((d) => d.row.includes(reporter.personId) && d.row.includes('Kickbacks')), 'no e-People row names the reporter');
    assert.ok(!epeopleRows.some((d) => d.row.includes(reporter.nameEn) || d.row.includes(reporter.displayName)));
  });

  test('the reporter\'s account shows no trace of the sealed report', async () => {
    const browser = await as(reporter.personId);
    assert.ok(!(await text(browser.request('/epeople/cases?lang=en'))).includes(sealedNumber));
    const mine = (await (await browser.request('/api/v1/epeople/cases')).json()) as { items: { id: string }[] };
    assert.ok(!mine.items.some((c) => c.id === sealedId));
    assert.equal((await browser.request(`/api/v1/epeople/cases/${sealedId}`)).status, 404);
  });

  test('the handling official works on the report without ever seeing who filed it', async () => {
    const official = await as(handler);
    const identityMarks = [reporter.personId, reporter.nameEn, reporter.displayName, '010-5555-0199', PROXY_REPORTER, 'sealed-contact@example.test'];
    const seen: string[] = [];
    const queue = await text(official.request('/epeople/queue?lang=en'));
    assert.match(queue, new RegExp(sealedNumber));
    seen.push(queue);
    const page = await text(official.request(`/epeople/cases/${sealedId}?lang=en`));
    assert.match(page, /The reporter&#39;s identity is sealed|The reporter's identity is sealed/);
    seen.push(page);
    seen.push(await text(official.request(`/epeople/cases/${proxyId}?lang=en`)));
    seen.push(await text(official.request(`/api/v1/epeople/cases/${sealedId}`)));
    seen.push(await text(official.request(`/api/v1/epeople/cases/${proxyId}`)));
    seen.push(await text(nara.app.request('/open311/v2/requests.json')));
    seen.push(await text(nara.app.request('/epeople/statistics.json')));
    seen.push(await text(nara.app.request('/epeople/statistics?lang=en')));
    for (const body of seen) for (const mark of identityMarks) assert.ok(!body.includes(mark), `"${mark}" leaked to the handling official`);
    // The official cannot fetch a share or open the identity.
    assert.equal((await official.request(`/api/v1/epeople/cases/${sealedId}/identity-share`)).status, 403);
    const open = await official.postJson(`/api/v1/epeople/cases/${sealedId}/identity-openings`, { share: 'A'.repeat(44), reason: 'curious' });
    assert.equal(open.status, 403);
    assert.equal(((await open.json()) as { code: string }).code, 'not_protection_officer');
  });

  test('one protection officer alone cannot open the identity; two can, and the opening is logged', async () => {
    const [first, second] = officers as [(typeof officers)[number], (typeof officers)[number]];
    const firstShare = await decryptedShare(first, sealedId);
    const one = await (await as(first.personId)).postJson(`/api/v1/epeople/cases/${sealedId}/identity-openings`, { share: firstShare, reason: 'Witness protection order' });
    assert.equal(one.status, 202);
    assert.deepEqual(((await one.json()) as { status: string }).status, 'awaiting_second_officer');
    const again = await (await as(first.personId)).postJson(`/api/v1/epeople/cases/${sealedId}/identity-openings`, { share: firstShare, reason: 'again' });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, 'identity_share_already_released');
    // The second officer cannot pass off the first one's share as their own.
    const borrowed = await (await as(second.personId)).postJson(`/api/v1/epeople/cases/${sealedId}/identity-openings`, { share: firstShare, reason: 'borrowed' });
    assert.equal(borrowed.status, 422);
    assert.equal(((await borrowed.json()) as { code: string }).code, 'identity_share_invalid');
    const logBefore = await sql<{ n: number }>`select count(*)::int as n from tlog_pending`.execute(nara.kernel.db);

    const two = await (await as(second.personId)).postJson(`/api/v1/epeople/cases/${sealedId}/identity-openings`, { share: await decryptedShare(second, sealedId), reason: 'Witness protection order' });
    assert.equal(two.status, 200);
    const opened = (await two.json()) as { status: string; identity: { route: string; reporter: { personId: string; name: string; contact: string } } };
    assert.equal(opened.status, 'opened');
    assert.equal(opened.identity.route, 'self');
    assert.equal(opened.identity.reporter.personId, reporter.personId);
    assert.equal(opened.identity.reporter.contact, '010-5555-0199');

    const logged = await sql<{ n: number }>`select count(*)::int as n from tlog_pending`.execute(nara.kernel.db);
    assert.equal(logged.rows[0]!.n, logBefore.rows[0]!.n + 1, 'the opening is one new log entry');
    const openings = await sql<{ pending_share: unknown; completed_by: string; log_pending_id: number }>`select pending_share, completed_by, log_pending_id from epeople_identity_opening where case_id = ${sealedId}`.execute(nara.kernel.db);
    assert.equal(openings.rows.length, 1);
    assert.equal(openings.rows[0]!.pending_share, null, 'the waiting share is erased');
    assert.equal(openings.rows[0]!.completed_by, second.personId);
    const entry = await sql<{ event_type: string; data: string }>`select event_type, convert_from(entry, 'UTF8') as data from tlog_pending where id = ${openings.rows[0]!.log_pending_id}`.execute(nara.kernel.db);
    assert.equal(entry.rows[0]!.event_type, 'epeople.identity-opened');
    assert.match(entry.rows[0]!.data, new RegExp(sealedId));
    assert.ok(!entry.rows[0]!.data.includes(reporter.personId), 'the log names the case, never the reporter');
    const history = (await (await as(handler)).request(`/api/v1/epeople/cases/${sealedId}`).then((r) => r.json())) as { history: { kind: string }[] };
    assert.ok(history.history.some((e) => e.kind === 'identity_opened'), 'the case history shows the opening');
    // The proxy-filed report opens to the reporter the lawyer named.
    const [a, b] = [officers[0]!, officers[1]!];
    await (await as(a.personId)).postJson(`/api/v1/epeople/cases/${proxyId}/identity-openings`, { share: await decryptedShare(a, proxyId), reason: 'Interview' });
    const proxyOpened = (await (await (await as(b.personId)).postJson(`/api/v1/epeople/cases/${proxyId}/identity-openings`, { share: await decryptedShare(b, proxyId), reason: 'Interview' })).json()) as { identity: { route: string; reporter: { name: string }; proxy: { personId: string } } };
    assert.equal(proxyOpened.identity.route, 'proxy');
    assert.equal(proxyOpened.identity.reporter.name, PROXY_REPORTER);
    assert.equal(proxyOpened.identity.proxy.personId, lawyer);
  });

  test('anonymous inbox: a handler asks from the case page, the reporter answers with the case code, without signing in', async () => {
    const official = await as(handler);
    const empty = await official.postForm(`/epeople/cases/${sealedId}/ask-reporter?lang=en`, { question: '' });
    assert.equal(empty.status, 422);
    const ask = await official.postForm(`/epeople/cases/${sealedId}/ask-reporter`, { question: 'Which bidders were asked, and on what date?' });
    assert.equal(ask.status, 303);

    const anonymous = new Browser(nara.app);
    const inbox = await anonymous.postForm('/epeople/report-inbox?lang=en', { code: caseCode.toLowerCase().replaceAll('-', ' ') });
    assert.equal(inbox.status, 200);
    assert.equal(inbox.headers.get('cache-control'), 'no-store');
    const inboxPage = await inbox.text();
    assert.match(inboxPage, /Which bidders were asked, and on what date\?/);
    assert.match(inboxPage, new RegExp(sealedNumber));
    const reply = await anonymous.postForm('/epeople/report-inbox/reply?lang=en', { code: caseCode, reply: 'Hanbit Construction and Daon Steel, on 3 February.' });
    assert.equal(reply.status, 200);
    assert.match(await reply.text(), /Your answer was sent/);

    assert.match(await text(official.request(`/epeople/cases/${sealedId}?lang=en`)), /Hanbit Construction and Daon Steel, on 3 February\./);
    const api = await nara.app.request('/api/v1/epeople/report-inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: caseCode }) });
    assert.equal(api.status, 200);
    const json = (await api.json()) as { case: { number: string }; messages: { kind: string }[] };
    assert.equal(json.case.number, sealedNumber);
    assert.deepEqual(json.messages.map((m) => m.kind), ['question', 'reply']);
    // One report's code never opens another's.
    const other = (await (await nara.app.request('/api/v1/epeople/report-inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: proxyCode }) })).json()) as { case: { number: string } };
    assert.notEqual(other.case.number, sealedNumber);
  });

  test('the code pages pass axe', async () => {
    await expectPagesAxeClean(nara.app, ['/epeople/report-inbox?lang=en', '/epeople?lang=en']);
  });

  test('a wrong code is refused as problem+json, and a client that keeps guessing is stopped', async () => {
    const guess = (code: string) => nara.app.request('/api/v1/epeople/report-inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const wrong = await guess('7KQ2-M9XF-3RTD-A8WB-0CVN');
    assert.equal(wrong.status, 403);
    assert.match(wrong.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await wrong.json()) as { code: string }).code, 'case_code_invalid');
    const page = await new Browser(nara.app).postForm('/epeople/report-inbox?lang=en', { code: 'not a code' });
    assert.equal(page.status, 403);
    assert.match(await page.text(), /govuk-error-summary[\s\S]*This case code does not open a report/);
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) status = (await guess(`0000-0000-0000-0000-${String(i).padStart(4, '0')}`)).status;
    assert.equal(status, 429);
    const blocked = await guess(caseCode);
    assert.equal(blocked.status, 429, 'even the right code waits once a client is blocked');
    assert.equal(((await blocked.json()) as { code: string }).code, 'rate_limited');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });
});
