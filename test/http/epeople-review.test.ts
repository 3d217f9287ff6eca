import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations, launchBrowser, noScriptContext } from '../e2e/support/browser.js';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { serveOnLoopback } from '../support/serve.js';

let nara: TestNara;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
/** Choi Su-jin: official and agency admin (the supervisor) of Nuri City, with a signing certificate. */
const supervisor = DEMO_PERSONAS.cityAdminChoiSuJin.personId;
/** An official of Nuri City who is not an agency admin. */
let drafter: string;

interface DraftJson { review: string; answer: string | null; outcome: string | null; comment: string | null; status: string; draftedBy: string | null }
interface CaseJson { id: string; status: string; answer: string | null; history: { kind: string }[] }

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

async function file(title: string): Promise<string> {
  const res = await (await as(citizen)).postJson('/api/v1/epeople/cases', { type: 'grievance', title, content: 'The pavement by Nuri market is broken.', locationAddress: 'Nuri City', isPublic: false });
  assert.equal(res.status, 201);
  return ((await res.json()) as { case: { id: string } }).case.id;
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  const nuri = await nara.kernel.identity.listOfficialsOf(agency['CITY-NURI']!);
  const roles = await nara.kernel.identity.rolesOfMany(nuri.map((o) => o.personId));
  const plain = nuri.find((o) => !(roles.get(o.personId) ?? []).some((r) => r.role === 'agency_admin'));
  drafter = plain?.personId ?? DEMO_PERSONAS.officialParkJiHoon.personId;
  // A small demo country may have no plain official in Nuri City: second one there.
  if (!plain) await nara.kernel.identity.appointOfficial({ personId: drafter, organisationId: agency['CITY-NURI']!, title: 'Officer' });
  await nara.kernel.pki.ensurePlatformRoot();
  await nara.kernel.pki.issueOfficialCertificate(supervisor, agency['CITY-NURI']!);
  await nara.kernel.pki.issueOfficialCertificate(drafter, agency['CITY-NURI']!);
});
after(() => nara.close());

describe('e-People: a supervisor approves answers before they are signed and sent', () => {
  let caseId: string;

  test('an official who is not a supervisor cannot send an answer directly; the form drafts it instead', async () => {
    caseId = await file('Broken pavement');
    const official = await as(drafter);
    const page = await (await official.request(`/epeople/cases/${caseId}?lang=en`)).text();
    assert.match(page, /Submit for approval/);
    assert.doesNotMatch(page, />Send answer</);
    const direct = await official.postForm(`/epeople/cases/${caseId}/answer?lang=en`, { answer: 'Fixed.', outcome: 'accepted' });
    assert.equal(direct.status, 422);
    assert.match(await direct.text(), /a supervisor of the body approves it before it is signed and sent/);
  });

  test('the drafter submits; the supervisor is told, sees it in the queue and returns it with a comment', async () => {
    const official = await as(drafter);
    const incomplete = await official.postForm(`/epeople/cases/${caseId}/answer-draft?lang=en`, { answer: 'No.', outcome: 'refused' });
    assert.equal(incomplete.status, 422, 'a refusal still needs its remedies');
    assert.equal((await official.postForm(`/epeople/cases/${caseId}/answer-draft`, { answer: 'We will repair it next month.', outcome: 'accepted' })).status, 303);
    const boss = await as(supervisor);
    assert.match(await (await boss.request('/inbox?lang=en')).text(), /a draft answer waits for your approval/);
    assert.match(await (await boss.request('/epeople/queue?lang=en')).text(), new RegExp(`Draft answers waiting for your approval[\\s\\S]*${caseId}`));
    const page = await (await boss.request(`/epeople/cases/${caseId}?lang=en`)).text();
    assert.match(page, /Approve, sign and send/);
    assert.match(page, /We will repair it next month\./);
    const noComment = await boss.postForm(`/epeople/cases/${caseId}/return-answer?lang=en`, { comment: ' ' });
    assert.equal(noComment.status, 422);
    assert.match(await noComment.text(), /Say what the drafter should change/);
    assert.equal((await boss.postForm(`/epeople/cases/${caseId}/return-answer`, { comment: 'Give the repair date.' })).status, 303);
    const back = await (await official.request(`/epeople/cases/${caseId}?lang=en`)).text();
    assert.match(back, /Your draft answer was returned/);
    assert.match(back, /Give the repair date\./);
    assert.match(await (await official.request('/inbox?lang=en')).text(), /your draft answer was returned/);
    // Nothing was approved, so nothing can be approved now.
    const approve = await boss.postForm(`/epeople/cases/${caseId}/approve-answer?lang=en`);
    assert.equal(approve.status, 422);
    assert.match(await approve.text(), /No draft answer waits for approval/);
  });

  test('the filer sees neither the draft nor the review, and cannot act on it', async () => {
    const filer = await as(citizen);
    const view = (await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as CaseJson;
    assert.equal(view.answer, null);
    assert.ok(!view.history.some((e) => e.kind.startsWith('answer_')));
    const page = await (await filer.request(`/epeople/cases/${caseId}?lang=en`)).text();
    assert.doesNotMatch(page, /We will repair it next month|Give the repair date/);
    assert.equal((await filer.request(`/api/v1/epeople/cases/${caseId}/answer-draft`)).status, 404);
    assert.equal((await filer.postJson(`/api/v1/epeople/cases/${caseId}/answer-draft/approval`, {})).status, 404);
  });

  test('through the API: the drafter resubmits, cannot approve; the supervisor approves, which signs and sends it', async () => {
    const official = await as(drafter);
    const sent = await official.postJson(`/api/v1/epeople/cases/${caseId}/answer-draft`, { answer: 'We will repair it on 3 March.', outcome: 'accepted' });
    assert.equal(sent.status, 200);
    assert.equal(((await sent.json()) as DraftJson).review, 'pending');
    const self = await official.postJson(`/api/v1/epeople/cases/${caseId}/answer-draft/approval`, {});
    assert.equal(self.status, 409);
    assert.equal(self.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await self.json()) as { code: string }).code, 'not_supervisor');
    const boss = await as(supervisor);
    const approved = await boss.postJson(`/api/v1/epeople/cases/${caseId}/answer-draft/approval`, {});
    assert.equal(approved.status, 200);
    const draft = (await approved.json()) as DraftJson;
    assert.deepEqual([draft.status, draft.review, draft.answer], ['answered', 'none', null]);
    const filer = await as(citizen);
    const view = (await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as CaseJson;
    assert.equal(view.answer, 'We will repair it on 3 March.');
    const jws = await (await filer.request(`/epeople/cases/${caseId}/answer.jws`)).text();
    const verified = await nara.kernel.pki.verifyJson(jws);
    assert.ok(verified.ok);
    const payload = verified.payload as { answer: string; draftedBy: string; approvedBy: string };
    assert.deepEqual([payload.answer, payload.draftedBy, payload.approvedBy], ['We will repair it on 3 March.', drafter, supervisor]);
    const officialView = (await (await boss.request(`/api/v1/epeople/cases/${caseId}`)).json()) as CaseJson;
    assert.deepEqual(officialView.history.slice(-2).map((e) => e.kind), ['answer_approved', 'answered']);
    assert.match(await (await filer.request('/inbox?lang=en')).text(), /answered/);
  });

  test('a supervisor answers directly; nobody approves their own draft', async () => {
    const id = await file('Another broken pavement');
    const boss = await as(supervisor);
    assert.equal((await boss.postJson(`/api/v1/epeople/cases/${id}/answer-draft`, { answer: 'Done.', outcome: 'accepted' })).status, 200);
    const own = await boss.postJson(`/api/v1/epeople/cases/${id}/answer-draft/approval`, {});
    assert.equal(own.status, 409);
    assert.equal(((await own.json()) as { code: string }).code, 'own_draft');
    assert.equal((await boss.postForm(`/epeople/cases/${id}/answer`, { answer: 'Repaired today.', outcome: 'accepted' })).status, 303);
    const view = (await (await (await as(citizen)).request(`/api/v1/epeople/cases/${id}`)).json()) as CaseJson;
    assert.deepEqual([view.status, view.answer], ['answered', 'Repaired today.']);
  });

  test('the pages of the review pass axe', async () => {
    const pending = await file('Pavement, third time');
    assert.equal((await (await as(drafter)).postForm(`/epeople/cases/${pending}/answer-draft`, { answer: 'It will be repaired.', outcome: 'accepted' })).status, 303);
    const returned = await file('Pavement, fourth time');
    assert.equal((await (await as(drafter)).postForm(`/epeople/cases/${returned}/answer-draft`, { answer: 'Soon.', outcome: 'accepted' })).status, 303);
    assert.equal((await (await as(supervisor)).postForm(`/epeople/cases/${returned}/return-answer`, { comment: 'Say when.' })).status, 303);
    const browser = await launchBrowser();
    const served = await serveOnLoopback(nara.app);
    try {
      for (const [person, paths] of [
        [supervisor, [`/epeople/cases/${pending}?lang=en`, '/epeople/queue?lang=ko']],
        [drafter, [`/epeople/cases/${pending}?lang=en`, `/epeople/cases/${returned}?lang=vi`]],
      ] as const) {
        const context = await noScriptContext(browser);
        await context.addCookies([{ name: 'nara_session', value: (await nara.kernel.identity.sessions.issueSession(person)).token, url: served.base }]);
        const tab = await context.newPage();
        for (const path of paths) {
          await tab.goto(`${served.base}${path}`);
          await expectNoAxeViolations(tab);
        }
        await context.close();
      }
    } finally {
      await browser.close();
      await served.close();
    }
  });
});
