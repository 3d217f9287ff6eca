import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
const agency: Record<string, string> = {};
let officials: { nuri: string; daon: string; acrc: string; mois: string; daonSupervisor: string };
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const otherCitizen = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
const HOUR = 3_600_000;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

const html = async (res: Response | Promise<Response>) => (await res).text();
const caseIdFrom = (location: string | null) => /\/epeople\/cases\/(cas_[a-z0-9]+)\/receipt$/.exec(location ?? '')?.[1];

/** Walks the question pages as a browser without JavaScript would, and submits. */
async function fileThroughPages(browser: Browser, answers: { type: string; agencyId?: string; title: string; content: string; locationAddress?: string; isPublic: 'yes' | 'no' }) {
  const steps: [string, Record<string, string>][] = [
    ['type', { type: answers.type }],
    ['agency', { agencyId: answers.agencyId ?? '' }],
    ['details', { title: answers.title, content: answers.content }],
    ['location', { locationAddress: answers.locationAddress ?? '' }],
    ['disclosure', { isPublic: answers.isPublic }],
  ];
  for (const [step, fields] of steps) {
    const res = await browser.postForm(`/epeople/file/${step}`, fields);
    assert.equal(res.status, 303, `${step} accepted`);
  }
  const check = await html(browser.request('/epeople/file/check?lang=en'));
  const submitted = await browser.postForm('/epeople/file/submit');
  assert.equal(submitted.status, 303);
  const id = caseIdFrom(submitted.headers.get('location'));
  assert.ok(id, 'redirected to the receipt');
  return { id, check };
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 20 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  const firstOfficial = async (code: string) => (await nara.kernel.identity.listOfficialsOf(agency[code]!))[0]!.personId;
  officials = {
    nuri: DEMO_PERSONAS.cityAdminChoiSuJin.personId,
    daon: await firstOfficial('CITY-DAON'),
    acrc: await firstOfficial('ACRC'),
    mois: DEMO_PERSONAS.officialParkJiHoon.personId,
    daonSupervisor: '',
  };
  const daonOfficials = await nara.kernel.identity.listOfficialsOf(agency['CITY-DAON']!);
  const daonRoles = await nara.kernel.identity.rolesOfMany(daonOfficials.map((o) => o.personId));
  officials.daonSupervisor = daonOfficials.find((o) => (daonRoles.get(o.personId) ?? []).some((r) => r.role === 'agency_admin'))!.personId;
  // Daon City's official holds a signing certificate; the MOIS official's demo certificate is revoked.
  await nara.kernel.pki.ensurePlatformRoot();
  await nara.kernel.pki.issueOfficialCertificate(officials.daon, agency['CITY-DAON']!);
  if (officials.daonSupervisor !== officials.daon) await nara.kernel.pki.issueOfficialCertificate(officials.daonSupervisor, agency['CITY-DAON']!);
  for (const cert of await nara.kernel.pki.listCertificates(agency.MOIS!, ['official'])) {
    if (cert.personId === officials.mois && cert.status === 'valid') await nara.kernel.pki.revokeCertificate(cert.serial, 'keyCompromise');
  }
});
after(() => nara.close());

describe('e-People: case types and their legal periods', () => {
  test('the API lists every type with its period and handling body', async () => {
    const res = await nara.app.request('/api/v1/epeople/case-types');
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: { code: string; period: { unit: string; amount: number }; handlingBodyCode: string | null }[] };
    const byCode = Object.fromEntries(items.map((i) => [i.code, i]));
    assert.deepEqual(byCode.grievance!.period, { unit: 'days', amount: 7 });
    assert.deepEqual(byCode.proposal!.period, { unit: 'days', amount: 14 });
    assert.deepEqual(byCode.simple_inquiry!.period, { unit: 'days', amount: 7 });
    assert.deepEqual(byCode.law_inquiry!.period, { unit: 'days', amount: 14 });
    assert.deepEqual(byCode.certificate!.period, { unit: 'workingHours', amount: 3 });
    assert.equal(byCode.corruption_report!.handlingBodyCode, 'ACRC');
    assert.equal(byCode.budget_waste_report!.handlingBodyCode, 'MOEF');
    assert.equal(byCode.administrative_appeal!.handlingBodyCode, 'ACRC');
  });
});

describe('e-People: filing without JavaScript', () => {
  let caseId: string;

  test('signed out, the journey sends you to sign in; the start page is open to all', async () => {
    assert.equal((await nara.app.request('/epeople/file/type')).status, 303);
    assert.match(await html(nara.app.request('/epeople?lang=en')), /<h1[^>]*>Make a complaint, proposal or report/);
  });

  test('a question left unanswered shows the error summary, linked to the field', async () => {
    const browser = await as(citizen);
    const res = await browser.postForm('/epeople/file/type?lang=en', {});
    assert.equal(res.status, 422);
    const page = await res.text();
    assert.match(page, /govuk-error-summary/);
    assert.match(page, /<a href="#type">Choose the kind of case<\/a>/);
    assert.equal((await browser.request('/epeople/file/nonsense')).status, 404);
  });

  test('a grievance about Nuri City is routed there, due at close of 11 March 2026, with a logged receipt', async () => {
    const browser = await as(citizen);
    const filed = await fileThroughPages(browser, {
      type: 'grievance',
      title: 'Broken streetlight on my street',
      content: 'The streetlight outside number 4 has been dark for a week.',
      locationAddress: 'Nuri City, Haneul-ro 4',
      isPublic: 'yes',
    });
    caseId = filed.id;
    // Check your answers: a similar public demo case is suggested and the repeat count is shown openly.
    assert.match(filed.check, /Streetlight out on Hanbit-ro/);
    assert.match(filed.check, /You have filed this same content never before/);
    assert.match(filed.check, /name="_csrf"/);

    const receipt = await html(browser.request(`/epeople/cases/${caseId}/receipt?lang=en`));
    assert.match(receipt, /EP-2026-\d{6}/);
    assert.match(receipt, /Nuri City/);
    // Received on the 2 March substitute holiday: day one is 3 March, the seventh working day 11 March.
    assert.match(receipt, /March 11, 2026 at 6:00/);
    assert.match(receipt, /The log is adding your filing/);

    await nara.kernel.transparencyLog.sequenceOnce();
    const ready = await html(browser.request(`/epeople/cases/${caseId}/receipt?lang=en`));
    assert.match(ready, /Download your receipt \(JSON\)/);
    const download = await browser.request(`/epeople/cases/${caseId}/receipt.json`);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="EP-2026-\d{6}-receipt.json"/);
    const body = (await download.json()) as { case: { number: string }; contentCommitment: { salt: string; sha256: string }; logReceipt: { entry: Record<string, unknown>; inclusionProof: string[]; checkpoint: string } };
    const entry = body.logReceipt.entry as { type: string; agency: string; refs: Record<string, string> };
    assert.equal(entry.type, 'epeople.case-filed.grievance');
    assert.equal(entry.agency, agency['CITY-NURI']);
    assert.deepEqual(Object.keys(entry.refs).sort(), ['caseId', 'caseNumber', 'sha256']);
    const expected = createHash('sha256').update(`${body.contentCommitment.salt}\nBroken streetlight on my street\nThe streetlight outside number 4 has been dark for a week.`).digest('hex');
    assert.equal(entry.refs.sha256, `sha256:${expected}`);
    const logged = JSON.stringify(body.logReceipt.entry);
    for (const secret of ['streetlight', 'Haneul', citizen, 'Kim']) assert.ok(!logged.includes(secret), `the log entry holds no ${secret}`);
  });

  test('the filer gets an inbox notice and sees the case in their list and timeline', async () => {
    const browser = await as(citizen);
    assert.match(await html(browser.request('/inbox?lang=en')), /Case EP-2026-\d{6} received/);
    assert.match(await html(browser.request('/epeople/cases?lang=en')), new RegExp(`/epeople/cases/${caseId}`));
    const page = await html(browser.request(`/epeople/cases/${caseId}?lang=en`));
    assert.match(page, /Case filed/);
    assert.match(page, /Sent to Nuri City/);
    assert.equal(page.match(/<h1\b/g)?.length, 1);
  });

  test('filing the same content again shows the earlier filing in the count', async () => {
    const browser = await as(citizen);
    const res = await browser.postJson('/api/v1/epeople/cases', {
      type: 'grievance',
      title: 'Broken  streetlight on my street',
      content: 'The streetlight outside number 4 has been dark for a week.',
      locationAddress: 'Nuri City',
      isPublic: false,
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { repeats: { filed: number; answered: number }; case: { agencyId: string; status: string } };
    assert.deepEqual(body.repeats, { filed: 1, answered: 0 });
    assert.equal(body.case.agencyId, agency['CITY-NURI']);
  });

  test('bad API input is a 422 problem, never a 5xx', async () => {
    const browser = await as(citizen);
    const res = await browser.postJson('/api/v1/epeople/cases', { type: 'nonsense', title: '', content: 'x', isPublic: 'maybe' });
    assert.equal(res.status, 422);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const unknownAgency = await browser.postJson('/api/v1/epeople/cases', { type: 'grievance', agencyId: 'org_doesnotexist', title: 'a', content: 'b', isPublic: false });
    assert.equal(unknownAgency.status, 422);
  });

  describe('authorization', () => {
    test('another citizen cannot read the case, by page or API', async () => {
      const other = await as(otherCitizen);
      assert.equal((await other.request(`/epeople/cases/${caseId}`)).status, 404);
      const api = await other.request(`/api/v1/epeople/cases/${caseId}`);
      assert.equal(api.status, 404);
      assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal((await other.request(`/epeople/cases/${caseId}/receipt.json`)).status, 404);
    });

    test('an official of another agency cannot read it; an official of Nuri City can', async () => {
      assert.equal((await (await as(officials.mois)).request(`/api/v1/epeople/cases/${caseId}`)).status, 404);
      assert.equal((await (await as(officials.daon)).request(`/epeople/cases/${caseId}`)).status, 404);
      const nuri = await as(officials.nuri);
      const res = await nuri.request(`/api/v1/epeople/cases/${caseId}`);
      assert.equal(res.status, 200);
      assert.match(await html(nuri.request('/epeople/queue?lang=en')), new RegExp(caseId));
    });
  });

  describe('handling by officials', () => {
    test('assign, then a supplement request stops the clock and the filer\'s answer restarts it', async () => {
      const nuri = await as(officials.nuri);
      assert.equal((await nuri.postForm(`/epeople/cases/${caseId}/assign`)).status, 303);
      const before = (await (await nuri.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string; status: string };
      assert.equal(before.status, 'in_progress', JSON.stringify(before));
      assert.equal((await nuri.postForm(`/epeople/cases/${caseId}/request-supplement`, { note: 'Which side of the road?' })).status, 303);
      const filer = await as(citizen);
      const waiting = await html(filer.request(`/epeople/cases/${caseId}?lang=en`));
      assert.match(waiting, /Waiting for you/);
      assert.match(waiting, /Which side of the road\?/);
      nara.clock.advance(7 * 24 * HOUR); // a week passes before the filer answers (signing in again)
      const back = await as(citizen);
      assert.equal((await back.postForm(`/epeople/cases/${caseId}/supplement`, { supplement: 'The north side.' })).status, 303);
      const after = (await (await back.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string; status: string; supplementRequests: number };
      assert.equal(after.status, 'in_progress');
      assert.equal(after.supplementRequests, 1);
      assert.ok(new Date(after.dueAt) > new Date(before.dueAt), 'the paused week is given back');
    });

    test('a supplement may be requested at most twice', async () => {
      const nuri = await as(officials.nuri);
      const filer = await as(citizen);
      await nuri.postForm(`/epeople/cases/${caseId}/request-supplement`, { note: 'A photo, please.' });
      await filer.postForm(`/epeople/cases/${caseId}/supplement`, { supplement: 'Sent by post.' });
      const third = await nuri.postForm(`/epeople/cases/${caseId}/request-supplement?lang=en`, { note: 'Once more?' });
      assert.equal(third.status, 422);
      assert.match(await third.text(), /at most 2 times/);
    });

    test('one extension no longer than the period, told to the filer at once with reason and new date', async () => {
      const nuri = await as(officials.nuri);
      const tooLong = await nuri.postForm(`/epeople/cases/${caseId}/extend?lang=en`, { amount: '8', reason: 'Site survey needed' });
      assert.equal(tooLong.status, 422);
      assert.equal((await nuri.postForm(`/epeople/cases/${caseId}/extend`, { amount: '7', reason: 'Site survey needed' })).status, 303);
      const filer = await as(citizen);
      const filerView = await html(filer.request(`/epeople/cases/${caseId}?lang=en`));
      assert.match(filerView, /Deadline extended/);
      assert.match(filerView, /Site survey needed/);
      const { dueAt } = (await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string };
      const inbox = await html(filer.request('/inbox?lang=en'));
      // The notice itself carries the reason and the new date, in the language the case was filed in.
      const due = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Seoul', dateStyle: 'long', timeStyle: 'short' }).format(new Date(dueAt));
      assert.ok(inbox.includes(`extended to ${due}. The reason given: Site survey needed`), 'the inbox notice names the new date and reason');
    });

    test('a second extension is only proposed; it applies when the filer consents on their case page', async () => {
      const nuri = await as(officials.nuri);
      const filer = await as(citizen);
      const before = ((await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string }).dueAt;
      assert.equal((await nuri.postForm(`/epeople/cases/${caseId}/extend`, { amount: '2', reason: 'Contractor delay' })).status, 303);
      const again = await nuri.postForm(`/epeople/cases/${caseId}/extend?lang=en`, { amount: '1', reason: 'Another delay' });
      assert.equal(again.status, 422);
      assert.match(await again.text(), /already waiting for the filer/);
      let view = (await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string; extensions: number };
      assert.equal(view.dueAt, before, 'nothing changes without consent');
      assert.equal(view.extensions, 1);
      // The official cannot record consent for the filer.
      assert.equal((await nuri.postForm(`/epeople/cases/${caseId}/extension-consent`, { consent: 'yes' })).status, 404);
      const page = await html(filer.request(`/epeople/cases/${caseId}?lang=en`));
      assert.match(page, /The body asks to extend the deadline again/);
      assert.match(page, /Contractor delay/);
      const unanswered = await filer.postForm(`/epeople/cases/${caseId}/extension-consent?lang=en`, {});
      assert.equal(unanswered.status, 422);
      assert.match(await unanswered.text(), /Choose whether you agree/);
      assert.equal((await filer.postForm(`/epeople/cases/${caseId}/extension-consent`, { consent: 'yes' })).status, 303);
      view = (await (await filer.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { dueAt: string; extensions: number; history: { kind: string }[] };
      assert.equal(view.extensions, 2);
      assert.ok(new Date(view.dueAt) > new Date(before));
      assert.deepEqual((view as unknown as { history: { kind: string }[] }).history.slice(-3).map((e) => e.kind), ['extension_proposed', 'extension_consented', 'extended']);
      assert.equal((await filer.postForm(`/epeople/cases/${caseId}/extension-consent?lang=en`, { consent: 'yes' })).status, 422, 'nothing left to consent to');
    });

    test('a transfer keeps the reason in the history and moves who may read the case', async () => {
      const nuri = await as(officials.nuri);
      const res = await nuri.postForm(`/epeople/cases/${caseId}/transfer`, { agencyId: agency['CITY-DAON']!, reason: 'The street is in Daon City.' });
      assert.equal(res.status, 303);
      assert.equal((await nuri.request(`/epeople/cases/${caseId}`)).status, 404, 'Nuri City no longer sees it');
      const daon = await as(officials.daon);
      const page = await html(daon.request(`/epeople/cases/${caseId}?lang=en`));
      assert.match(page, /Transferred from Nuri City to Daon City/);
      assert.match(page, /The street is in Daon City\./);
      const missingReason = await daon.postForm(`/epeople/cases/${caseId}/transfer?lang=en`, { agencyId: agency['CITY-NURI']!, reason: '' });
      assert.equal(missingReason.status, 422);
    });

    test('the official answers, signed with their certificate; the filer reads it, verifies it and is notified', async () => {
      const daon = await as(officials.daon);
      const noOutcome = await daon.postForm(`/epeople/cases/${caseId}/answer-draft?lang=en`, { answer: 'The lamp will be replaced on Friday.' });
      assert.equal(noOutcome.status, 422);
      assert.match(await noOutcome.text(), /Choose the outcome/);
      // The official drafts; Daon City's supervisor approves, which signs and sends it.
      assert.equal((await daon.postForm(`/epeople/cases/${caseId}/answer-draft`, { answer: 'The lamp will be replaced on Friday.', outcome: 'accepted' })).status, 303);
      assert.equal((await (await as(officials.daonSupervisor)).postForm(`/epeople/cases/${caseId}/approve-answer`)).status, 303);
      const filer = await as(citizen);
      const page = await html(filer.request(`/epeople/cases/${caseId}?lang=en`));
      assert.match(page, /The lamp will be replaced on Friday\./);
      assert.match(page, />Answered</);
      assert.match(page, /Signed by the answering official with certificate/);
      const jws = await (await filer.request(`/epeople/cases/${caseId}/answer.jws`)).text();
      const verified = await nara.kernel.pki.verifyJson(jws);
      assert.equal(verified.ok, true);
      assert.ok(verified.ok && (verified.payload as { answer: string; caseId: string }).answer === 'The lamp will be replaced on Friday.');
      assert.ok(verified.ok && (verified.payload as { caseId: string }).caseId === caseId);
      assert.equal((await (await as(otherCitizen)).request(`/epeople/cases/${caseId}/answer.jws`)).status, 404);
      assert.match(await html(filer.request('/inbox?lang=en')), /Case EP-2026-\d{6} answered/);
      const again = await daon.postForm(`/epeople/cases/${caseId}/answer?lang=en`, { answer: 'Twice', outcome: 'accepted' });
      assert.equal(again.status, 422);
    });
  });

  describe('triage', () => {
    test('a case no rule matches waits in the ACRC triage queue until routed', async () => {
      const browser = await as(otherCitizen);
      const res = await browser.postJson('/api/v1/epeople/cases', { type: 'proposal', title: 'Longer library hours', content: 'Open the libraries until 22:00.', isPublic: false });
      const { case: filed } = (await res.json()) as { case: { id: string; status: string; agencyId: string | null } };
      assert.equal(filed.status, 'triage');
      assert.equal(filed.agencyId, null);
      const acrc = await as(officials.acrc);
      assert.match(await html(acrc.request('/epeople/queue?lang=en')), new RegExp(`Cases waiting to be routed[\\s\\S]*${filed.id}`));
      assert.equal((await (await as(officials.mois)).request(`/epeople/cases/${filed.id}`)).status, 404);
      assert.equal((await acrc.postForm(`/epeople/cases/${filed.id}/transfer`, { agencyId: agency.MOIS!, reason: 'Library policy is national.' })).status, 303);
      const mois = await as(officials.mois);
      assert.equal((await mois.request(`/epeople/cases/${filed.id}`)).status, 200);
      // Without a signing certificate the answer is refused, in the page's language: the official
      // drafts it, and the supervisor approving it holds no certificate for MOIS.
      assert.equal((await mois.postForm(`/epeople/cases/${filed.id}/answer-draft`, { answer: 'We will consider it.', outcome: 'explained' })).status, 303);
      const moisOfficials = await nara.kernel.identity.listOfficialsOf(agency.MOIS!);
      const moisRoles = await nara.kernel.identity.rolesOfMany(moisOfficials.map((o) => o.personId));
      const moisSupervisor = moisOfficials.find((o) => (moisRoles.get(o.personId) ?? []).some((r) => r.role === 'agency_admin' && r.organisationId === agency.MOIS))!.personId;
      const unsigned = await (await as(moisSupervisor)).postForm(`/epeople/cases/${filed.id}/approve-answer?lang=en`);
      assert.equal(unsigned.status, 422);
      assert.match(await unsigned.text(), /You have no valid signing certificate for this agency/);
    });

    test('a corruption report goes to its handling body whatever the filer picked', async () => {
      const browser = await as(citizen);
      const res = await browser.postJson('/api/v1/epeople/cases', { type: 'corruption_report', agencyId: agency['CITY-NURI'], title: 'Kickbacks', content: 'A contractor pays for favours.', isPublic: false });
      assert.equal(((await res.json()) as { case: { agencyId: string } }).case.agencyId, agency.ACRC);
    });
  });

  describe('public cases', () => {
    test('a published case is readable by anyone with personal data removed; a private one is not', async () => {
      const browser = await as(citizen);
      const res = await browser.postJson('/api/v1/epeople/cases', {
        type: 'simple_inquiry', title: 'Parking permit renewal', content: 'How do I renew? Call me on 010-1234-5678 or kim@example.test.', locationAddress: 'Daon City', isPublic: true,
      });
      const { case: filed } = (await res.json()) as { case: { id: string } };
      const page = await html(nara.app.request(`/epeople/public/${filed.id}?lang=en`));
      assert.match(page, /Parking permit renewal/);
      assert.doesNotMatch(page, /010-1234-5678|kim@example\.test/);
      assert.match(page, /\[removed\]/);
      const cases = (await (await browser.request('/api/v1/epeople/cases')).json()) as { items: { id: string; isPublic: boolean }[] };
      const privateCase = cases.items.find((c) => !c.isPublic)!;
      assert.equal((await nara.app.request(`/epeople/public/${privateCase.id}`)).status, 404);
    });
  });
});
