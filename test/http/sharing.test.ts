import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompactEncrypt, importJWK } from 'jose';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { isCommitmentTo } from '../../src/kernel/trust/tlog/canonical-json.js';
import { createSharingManifest } from '../../src/modules/sharing/index.js';
import { allModules } from '../../src/modules/index.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const otherCitizen = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
const nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;
let daonOfficial: string;
let molitOfficial: string;
let caseId: string;

/** The test country's provider for the welfare registry never answers: a provider that is down. */
let welfareDown = false;
const sharingWithFlakyWelfare = createSharingManifest({
  providerTimeoutMs: 200,
  officialLookupsPerMinute: 40,
  providers: {
    MOHW: {
      read: () => (welfareDown ? new Promise(() => undefined) : Promise.resolve(undefined)),
    },
  },
});

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

interface Problem { code: string; accessId?: string; itemCode?: string }
interface Access { id: string; result: string; refusalCode: string | null; serviceCode: string; officialName: string; items: { itemCode: string; fields: string[]; check: string | null; outcome: string }[]; case: { kind: string | null; ref: string | null } }

const passport = { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 9' };

before(async () => {
  nara = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? sharingWithFlakyWelfare : m)) });
  await seedDemoCountry(nara.kernel, { citizens: 30 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  daonOfficial = (await nara.kernel.identity.listOfficialsOf(agency['CITY-DAON']!))[0]!.personId;
  molitOfficial = (await nara.kernel.identity.listOfficialsOf(agency.MOLIT!))[0]!.personId;
  const filer = await as(citizen);
  const filed = await filer.postJson('/api/v1/epeople/cases', {
    type: 'certificate', agencyId: agency['CITY-NURI'], title: 'Passport application', content: 'I apply for a new passport.', isPublic: false,
  });
  assert.equal(filed.status, 201);
  caseId = ((await filed.json()) as { case: { id: string } }).case.id;
});
after(() => nara.close());

describe('sharing: items and approvals are public', () => {
  test('providers publish versioned items with personal and sensitive fields and legal bases', async () => {
    const res = await nara.app.request('/api/v1/sharing/items');
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: { code: string; providerId: string; fields: { name: string; sensitive: boolean }[]; legalBases: string[]; version: number }[] };
    const income = items.find((i) => i.code === 'income-tax')!;
    assert.equal(income.providerId, agency.NTS);
    assert.equal(income.version, 1);
    assert.equal(income.fields.find((f) => f.name === 'annualIncome')!.sensitive, true);
    assert.ok(income.legalBases.includes('Passport Act art. 12'));
    assert.deepEqual(new Set(items.map((i) => i.code)).size, 9);
  });

  test('the approval list says which agency may use which item, for which service, under which law', async () => {
    const { items } = (await (await nara.app.request('/api/v1/sharing/approvals')).json()) as { items: { consumerId: string; serviceCode: string; itemCode: string; state: string; legalBasis: string }[] };
    const passportItems = items.filter((a) => a.consumerId === agency['CITY-NURI'] && a.serviceCode === 'passport-issuance');
    assert.deepEqual(passportItems.map((a) => a.itemCode).sort(), ['family-relations', 'income-tax', 'military-service', 'resident-registration', 'welfare-status']);
    assert.ok(passportItems.every((a) => a.state === 'approved'));
    assert.equal(items.find((a) => a.serviceCode === 'resident-parking')!.state, 'expired');
  });

  test('a consumer applies; only the provider decides; the decision shows in the public list', async () => {
    const daon = await as(daonOfficial);
    const applied = await daon.postJson('/api/v1/sharing/approvals', {
      itemCode: 'vehicles', serviceCode: 'disabled-parking', serviceName: 'Disabled parking permit', legalBasis: 'Motor Vehicle Management Act art. 7', fields: ['vehicles'],
    });
    assert.equal(applied.status, 201);
    const application = (await applied.json()) as { id: string; state: string; consumerId: string; providerId: string };
    assert.equal(application.state, 'applied');
    assert.equal(application.consumerId, agency['CITY-DAON']);
    assert.equal(application.providerId, agency.MOLIT);

    const wrongBasis = await daon.postJson('/api/v1/sharing/approvals', { itemCode: 'vehicles', serviceCode: 'x-service', serviceName: 'X service', legalBasis: 'No Such Act', fields: ['plate'] });
    assert.equal(wrongBasis.status, 422);

    const byConsumer = await daon.postJson(`/api/v1/sharing/approvals/${application.id}/decision`, { decision: 'approve' });
    assert.equal(byConsumer.status, 403);
    assert.equal(((await byConsumer.json()) as Problem).code, 'sharing_not_an_official');

    const molit = await as(molitOfficial);
    const refusedNoReason = await molit.postJson(`/api/v1/sharing/approvals/${application.id}/decision`, { decision: 'refuse' });
    assert.equal(refusedNoReason.status, 422);
    const approved = await molit.postJson(`/api/v1/sharing/approvals/${application.id}/decision`, { decision: 'approve', expiresAt: '2027-03-01T00:00:00Z' });
    assert.equal(approved.status, 200);
    assert.equal(((await approved.json()) as { state: string }).state, 'approved');
    const again = await molit.postJson(`/api/v1/sharing/approvals/${application.id}/decision`, { decision: 'refuse', reason: 'late' });
    assert.equal(again.status, 409);

    const list = (await (await nara.app.request('/api/v1/sharing/approvals')).json()) as { items: { id: string; state: string; expiresAt: string }[] };
    const shown = list.items.find((a) => a.id === application.id)!;
    assert.equal(shown.state, 'approved');
    assert.equal(shown.expiresAt, '2027-03-01T00:00:00.000Z');
  });
});

describe('sharing: minimal extraction for a case', () => {
  test('the passport desk gets only the approved fields from four providers at once, and the checks as yes/no', async () => {
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId, items: ['resident-registration', 'family-relations', 'military-service'] });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { result: string; personId: string; items: { itemCode: string; providerId: string; outcome: string; fields: Record<string, unknown> }[] };
    assert.equal(body.result, 'complete');
    assert.equal(body.personId, citizen, 'the case names the person');
    const resident = body.items.find((i) => i.itemCode === 'resident-registration')!;
    assert.deepEqual(Object.keys(resident.fields).sort(), ['birthDate', 'currentAddress', 'name']);
    assert.equal(resident.fields.birthDate, '1990-03-15');
    assert.equal(resident.providerId, agency.MOIS);
    assert.deepEqual(Object.keys(body.items.find((i) => i.itemCode === 'family-relations')!.fields), ['parents']);
    assert.deepEqual(Object.keys(body.items.find((i) => i.itemCode === 'military-service')!.fields), ['status']);
  });

  test('every item of the service, when none are named: checks answer yes/no and never carry the value', async () => {
    const nuri = await as(nuriOfficial);
    // Without a list, the lookup takes every item approved for the service under the legal basis given.
    const all = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId });
    assert.equal(all.status, 200);
    assert.deepEqual(((await all.json()) as { items: { itemCode: string }[] }).items.map((i) => i.itemCode), ['family-relations', 'military-service', 'resident-registration']);
    // Income and tax is approved for passports under article 12, not article 9.
    const otherLaw = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId, items: ['income-tax'] });
    assert.equal(otherLaw.status, 403);
    assert.equal(((await otherLaw.json()) as Problem).code, 'sharing_legal_basis_not_approved');

    const tax = await nuri.postJson('/api/v1/sharing/lookups', { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 12', caseId, items: ['income-tax'] });
    assert.equal(tax.status, 200);
    const item = ((await tax.json()) as { items: { fields: Record<string, unknown>; checks: { check: string; answer: boolean | null }[] }[] }).items[0]!;
    assert.deepEqual(item.fields, {}, 'no income or tax figure is given');
    assert.equal(item.checks[0]!.check, 'no-unpaid-national-tax');
    assert.equal(typeof item.checks[0]!.answer, 'boolean');
  });

  test('a provider that does not answer in time gives a clear partial result, not a failed screen', async () => {
    welfareDown = true;
    try {
      const nuri = await as(nuriOfficial);
      const res = await nuri.postJson('/api/v1/sharing/lookups', { serviceCode: 'passport-issuance', legalBasis: 'Passport Act art. 22', caseId, items: ['welfare-status'] });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { result: string; items: { itemCode: string; outcome: string; fields: Record<string, unknown> }[] };
      assert.equal(body.result, 'partial');
      assert.equal(body.items[0]!.outcome, 'unavailable');
      assert.deepEqual(body.items[0]!.fields, {});
    } finally {
      welfareDown = false;
    }
  });
});

describe('sharing: yes/no checks', () => {
  test('income below an amount is answered without the income', async () => {
    const daon = await as(daonOfficial);
    const housing = { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', externalCaseId: 'DAON-HB-2026-0042', personId: otherCitizen };
    const [{ annual_income: income }] = await nara.kernel.db.selectFrom('sharing_income_tax').select('annual_income').where('person_id', '=', otherCitizen).orderBy('tax_year', 'desc').limit(1).execute() as [{ annual_income: number }];
    const above = await daon.postJson('/api/v1/sharing/checks', { ...housing, check: 'income-below', parameter: String(income + 1) });
    assert.equal(above.status, 200);
    const yes = (await above.json()) as Record<string, unknown>;
    assert.equal(yes.answer, true);
    assert.ok(!JSON.stringify(yes).includes(String(income)), 'the value is not in the answer');
    const below = await daon.postJson('/api/v1/sharing/checks', { ...housing, check: 'income-below', parameter: String(income) });
    assert.equal(((await below.json()) as { answer: boolean }).answer, false);
    const noParameter = await daon.postJson('/api/v1/sharing/checks', { ...housing, check: 'income-below' });
    assert.equal(noParameter.status, 422);
  });

  test('a check not in the approval is refused', async () => {
    const daon = await as(daonOfficial);
    const res = await daon.postJson('/api/v1/sharing/checks', { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', externalCaseId: 'DAON-HB-2026-0042', personId: otherCitizen, check: 'no-unpaid-national-tax' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as Problem).code, 'sharing_not_approved');
  });
});

describe('sharing: refusals are problems with a stable code and an access record', () => {
  test('no case, no lookup', async () => {
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, personId: citizen, items: ['resident-registration'] });
    assert.equal(res.status, 422);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await res.json()) as Problem;
    assert.equal(problem.code, 'sharing_case_required');
    assert.match(problem.accessId ?? '', /^acc_/);
  });

  test('an item not approved for the service is refused', async () => {
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId, items: ['vehicles'] });
    assert.equal(res.status, 403);
    const problem = (await res.json()) as Problem;
    assert.equal(problem.code, 'sharing_not_approved');
    assert.equal(problem.itemCode, 'vehicles');
  });

  test('an expired approval is refused', async () => {
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { serviceCode: 'resident-parking', legalBasis: 'Motor Vehicle Management Act art. 7', externalCaseId: 'NURI-PARK-77', personId: citizen });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as Problem).code, 'sharing_approval_expired');
  });

  test('a case of another agency cannot be used', async () => {
    const daon = await as(daonOfficial);
    const res = await daon.postJson('/api/v1/sharing/lookups', { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', caseId });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as Problem).code, 'sharing_case_not_usable');
  });

  test('a citizen is not an official', async () => {
    const res = await (await as(otherCitizen)).postJson('/api/v1/sharing/lookups', { ...passport, caseId });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as Problem).code, 'sharing_not_an_official');
  });
});

describe('sharing: who looked at my data', () => {
  test('the person sees every access and refusal with official, service, case and legal basis', async () => {
    const res = await (await as(citizen)).request('/api/v1/sharing/my-accesses');
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: Access[] };
    const granted = items.filter((a) => a.result !== 'refused');
    const refused = items.filter((a) => a.result === 'refused');
    assert.ok(granted.length >= 3);
    assert.deepEqual(new Set(refused.map((a) => a.refusalCode)), new Set(['sharing_case_required', 'sharing_not_approved', 'sharing_approval_expired', 'sharing_legal_basis_not_approved']));
    const first = granted.find((a) => a.items.some((i) => i.itemCode === 'resident-registration'))!;
    assert.equal(first.officialName, '최수진');
    assert.deepEqual(first.case, { kind: 'epeople', ref: caseId });
    assert.deepEqual(first.items.find((i) => i.itemCode === 'resident-registration')!.fields.sort(), ['birthDate', 'currentAddress', 'name']);
    const other = (await (await (await as(otherCitizen)).request('/api/v1/sharing/my-accesses')).json()) as { items: Access[] };
    assert.ok(other.items.every((a) => a.serviceCode === 'housing-benefit'), 'each person sees only their own');
  });
});

describe('sharing: the log and the message log', () => {
  test('each access is a log entry with only its id and a salted commitment, which the record opens', async () => {
    while ((await nara.kernel.transparencyLog.sequenceOnce()).sequenced > 0);
    const rows = await nara.kernel.db.selectFrom('sharing_access').selectAll().where('person_id', '=', citizen).execute();
    assert.ok(rows.length >= 5);
    const { entries } = await nara.kernel.transparencyLog.listEntries(1, 200);
    const logged = entries.filter((e) => e.type.startsWith('sharing.lookup-')).map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8')) as { type: string; agency: string; refs: Record<string, string>; subject: string });
    for (const row of rows) {
      const entry = logged.find((e) => e.refs.accessId === row.id);
      assert.ok(entry, `access ${row.id} is in the log`);
      assert.equal(entry.type, `sharing.lookup-${row.result}`);
      assert.equal(entry.agency, row.consumer_id);
      assert.deepEqual(Object.keys(entry.refs), ['accessId']);
      const opened = { accessId: row.id, at: row.at.toISOString(), officialId: row.official_id, consumerId: row.consumer_id, personId: row.person_id, serviceCode: row.service_code, legalBasis: row.legal_basis, caseKind: row.case_kind, caseRef: row.case_ref, items: row.items, result: row.result };
      assert.ok(isCommitmentTo(entry.subject, opened, Buffer.from(row.commitment_salt, 'hex')), 'the salt in the record opens the commitment');
      assert.ok(!JSON.stringify(entry).includes(citizen), 'no person id in clear');
    }
  });

  test('the consumer signs the request and each provider signs its response, with agency system certificates', async () => {
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId, items: ['resident-registration', 'family-relations'] });
    const { accessId } = (await res.json()) as { accessId: string };
    const messages = await nara.kernel.db.selectFrom('sharing_message').selectAll().where('access_id', '=', accessId).orderBy('id').execute();
    assert.deepEqual(messages[0]!.direction, 'request');
    assert.equal(messages[0]!.agency_id, agency['CITY-NURI']);
    assert.deepEqual(new Set(messages.slice(1).map((m) => `${m.direction}:${m.agency_id}`)), new Set([`response:${agency.MOIS}`, `response:${agency.MOJ}`]));
    for (const m of messages) {
      const verified = await nara.kernel.pki.verifyJson(m.jws);
      assert.ok(verified.ok, `the ${m.direction} of ${m.agency_id} verifies`);
      const certificate = await nara.kernel.pki.getCertificate(m.certificate_serial);
      assert.equal(certificate.kind, 'system');
      assert.equal(certificate.organisationId, m.agency_id);
      const payload = verified.payload as { accessId: string; type: string };
      assert.equal(payload.accessId, accessId);
    }
    const response = (await nara.kernel.pki.verifyJson(messages.find((m) => m.agency_id === agency.MOIS)!.jws)) as { ok: true; payload: { items: { fields: Record<string, unknown> }[] } };
    assert.deepEqual(Object.keys(response.payload.items[0]!.fields).sort(), ['birthDate', 'currentAddress', 'name'], 'the provider signed exactly what was given');
  });
});

describe('sharing: pages', () => {
  test('the public approvals page lists agency, service, information, law and state', async () => {
    const page = await (await nara.app.request('/sharing/approvals?lang=en')).text();
    assert.match(page, /<h1[^>]*>Approvals for joint use of information/);
    assert.match(page, /Passport issuance/);
    assert.match(page, /Resident registration \(kept by Ministry of the Interior and Safety\)/);
    assert.match(page, /Expired/);
    const ko = await (await nara.app.request('/sharing/approvals?lang=ko')).text();
    assert.match(ko, /행정정보 공동이용 승인 현황/);
  });

  test('the official\'s one screen shows only the needed fields from every provider, then a yes/no answer', async () => {
    const nuri = await as(nuriOfficial);
    const form = await (await nuri.request('/sharing/lookup?lang=en')).text();
    assert.match(form, /name="_csrf"/);
    assert.match(form, /Passport issuance — Passport Act art. 9/);
    const value = `${agency['CITY-NURI']}|passport-issuance|Passport Act art. 9`;
    const res = await nuri.postForm('/sharing/lookup?lang=en', { service: value, caseId, mode: 'extract' });
    const page = await res.text();
    assert.equal(res.status, 200, /govuk-error-summary__list">(.*?)<\/ul>/.exec(page)?.[1]);
    assert.match(page, /Every agency answered/);
    assert.match(page, /Date of birth/);
    assert.match(page, /1990-03-15/);
    assert.match(page, /Family relations/);
    assert.doesNotMatch(page, /Address history/, 'fields outside the approval are not shown');

    const taxValue = `${agency['CITY-NURI']}|passport-issuance|Passport Act art. 12`;
    const asked = await (await nuri.postForm('/sharing/lookup?lang=en', { service: taxValue, caseId, mode: 'check', check: 'no-unpaid-national-tax' })).text();
    assert.match(asked, /No unpaid national tax: (Yes|No)/);

    const noCase = await nuri.postForm('/sharing/lookup?lang=en', { service: value, mode: 'extract' });
    assert.equal(noCase.status, 422);
    assert.match(await noCase.text(), /No case, no lookup/);
  });

  test('citizens cannot open the lookup screen', async () => {
    const res = await (await as(citizen)).request('/sharing/lookup');
    assert.equal(res.status, 403);
  });

  test('the person reads who looked at their data in plain words, in English and Korean', async () => {
    const browser = await as(citizen);
    const en = await (await browser.request('/sharing/my-data?lang=en')).text();
    assert.match(en, /최수진 of Nuri City looked at your Resident registration, Family relations/);
    assert.match(en, /for the service “Passport issuance”, under Passport Act art. 9/);
    assert.match(en, /It was for your case cas_/);
    assert.match(en, /It was refused and nothing was shown/);
    assert.match(en, /Only the answer was shown, not the information/);
    const ko = await (await browser.request('/sharing/my-data?lang=ko')).text();
    assert.match(ko, /누리시 최수진 님이/);
  });
});

describe('sharing: monitoring', () => {
  test('a burst of lookups on unrelated people raises one alert for the auditor', async () => {
    const daon = await as(daonOfficial);
    const people = (await nara.kernel.db.selectFrom('sharing_resident').select('person_id').orderBy('person_id').limit(12).execute()).map((r) => r.person_id);
    for (const [i, personId] of people.entries()) {
      const res = await daon.postJson('/api/v1/sharing/checks', { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', externalCaseId: `DAON-HB-2026-${1000 + i}`, personId, check: 'owns-no-home' });
      assert.equal(res.status, 200);
    }
    const auditor = await as(DEMO_PERSONAS.auditorYoonSeoHyun.personId);
    const { items } = (await (await auditor.request('/api/v1/sharing/alerts')).json()) as { items: { id: string; officialId: string; people: number }[] };
    const mine = items.filter((a) => a.officialId === daonOfficial);
    assert.equal(mine.length, 1, 'one alert, not one per lookup');
    assert.ok(mine[0]!.people >= 10);
    const page = await (await auditor.request('/sharing/audit?lang=en')).text();
    assert.match(page, new RegExp(`/sharing/audit/${mine[0]!.id}`));
    const detail = await (await auditor.request(`/sharing/audit/${mine[0]!.id}?lang=en`)).text();
    assert.match(detail, /DAON-HB-2026-1000/);
    const inbox = await nara.kernel.notifications.unreadCount(DEMO_PERSONAS.auditorYoonSeoHyun.personId);
    assert.ok(inbox >= 1, 'the auditor is told');
    assert.equal((await (await as(citizen)).request('/api/v1/sharing/alerts')).status, 403);
  });

  test('an official who keeps looking up is stopped by the per-minute limit, and may go on a minute later', async () => {
    const daon = await as(daonOfficial);
    const check = (n: number) => daon.postJson('/api/v1/sharing/checks', { serviceCode: 'housing-benefit', legalBasis: 'Housing Benefit Act art. 5', externalCaseId: `DAON-HB-2026-${2000 + n}`, personId: otherCitizen, check: 'owns-no-home' });
    let limited: Response | undefined;
    for (let n = 0; n <= 40 && !limited; n++) {
      const res = await check(n);
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 200);
    }
    assert.ok(limited, 'the 41st lookup in a minute is refused at the latest');
    assert.equal(((await limited.json()) as Problem).code, 'sharing_rate_limited');
    assert.equal(limited.headers.get('retry-after'), '60');
    nara.clock.advance(61_000);
    assert.equal((await check(99)).status, 200);
  });

  test('a lookup outside working hours raises an alert for the auditor', async () => {
    const auditor = await as(DEMO_PERSONAS.auditorYoonSeoHyun.personId);
    const listed = await auditor.request('/api/v1/sharing/alerts');
    const before = (await listed.json()) as { items: { kind: string; officialId: string }[] };
    assert.equal(listed.status, 200, JSON.stringify(before));
    assert.equal(before.items.filter((a) => a.kind === 'after_hours').length, 0, 'daytime lookups raise none');
    nara.clock.set(new Date('2026-03-02T23:30:00+09:00'));
    const nuri = await as(nuriOfficial);
    const res = await nuri.postJson('/api/v1/sharing/lookups', { ...passport, caseId, items: ['resident-registration'] });
    assert.equal(res.status, 200);
    const auditorLater = await as(DEMO_PERSONAS.auditorYoonSeoHyun.personId); // sessions end after hours of idleness
    const after = (await (await auditorLater.request('/api/v1/sharing/alerts')).json()) as { items: { kind: string; officialId: string }[] };
    assert.deepEqual(after.items.filter((a) => a.kind === 'after_hours').map((a) => a.officialId), [nuriOfficial]);
    assert.match(await (await auditorLater.request('/sharing/audit?lang=en')).text(), /Outside working hours/);
  });
});

describe('sharing: two Nara nodes', () => {
  // Node A runs Nuri City's passport desk; node B keeps the family relations register (MOJ).
  let nodeA: TestNara;
  let nodeB: TestNara;
  let caseOnA: string;
  const rootOf = async (node: TestNara) => (await node.kernel.pki.trustedRoots()).map((c) => new Uint8Array(c.rawData));
  const remoteRequests: string[] = [];
  const remoteResponses: string[] = [];
  let mojOnB: string;
  let nuriOnA: string;
  const post = (body: string) => nodeB.app.request('/api/v1/sharing/node/requests', { method: 'POST', headers: { 'content-type': 'application/jose' }, body });
  /** A node's published encryption key, as a test that speaks the protocol would fetch it. */
  const keyOf = async (node: TestNara, agencyId: string) => {
    const res = await node.app.request(`/api/v1/sharing/node/encryption-key?agency=${agencyId}`);
    assert.equal(res.status, 200);
    const jws = await res.text();
    assert.equal((await node.kernel.pki.verifyJson(jws)).ok, true, 'the key statement is signed by the agency');
    return (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as { key: { kid: string; x: string; y: string; kty: string; crv: string } }).key;
  };
  const encryptTo = async (jws: string, key: { kid: string; x: string; y: string; kty: string; crv: string }) =>
    new CompactEncrypt(Buffer.from(jws)).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: key.kid, cty: 'JOSE' }).encrypt(await importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, 'ECDH-ES+A256KW'));

  before(async () => {
    const onA = createSharingManifest({
      providers: {
        MOJ: {
          url: 'https://node-b.example',
          fetch: async (url, init) => {
            if (init.method === 'POST') remoteRequests.push(String(init.body));
            const res = await nodeB.app.request(url, init);
            if (init.method === 'POST') remoteResponses.push(await res.clone().text());
            return res;
          },
        },
      },
      peerRoots: () => rootOf(nodeB),
    });
    const onB = createSharingManifest({ peerRoots: () => rootOf(nodeA) });
    nodeA = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? onA : m)) });
    nodeB = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? onB : m)) });
    await seedDemoCountry(nodeA.kernel, { citizens: 12 });
    await seedDemoCountry(nodeB.kernel, { citizens: 12 });
    await nodeA.kernel.pki.ensurePlatformRoot();
    await nodeB.kernel.pki.ensurePlatformRoot();
    const filer = new Browser(nodeA.app);
    filer.cookies.set('nara_session', (await nodeA.kernel.identity.sessions.issueSession(citizen)).token);
    const nuri = (await nodeA.kernel.identity.listOrganisations()).find((o) => o.code === 'CITY-NURI')!.id;
    const filed = await filer.postJson('/api/v1/epeople/cases', { type: 'certificate', agencyId: nuri, title: 'Passport', content: 'New passport, please.', isPublic: false });
    caseOnA = ((await filed.json()) as { case: { id: string } }).case.id;
    mojOnB = (await nodeB.kernel.identity.listOrganisations()).find((o) => o.code === 'MOJ')!.id;
    nuriOnA = nuri;
  });
  after(async () => {
    await nodeA.close();
    await nodeB.close();
  });

  test('a lookup on node A fetches one item from node B, signed both ways and recorded on both sides', async () => {
    const official = new Browser(nodeA.app);
    official.cookies.set('nara_session', (await nodeA.kernel.identity.sessions.issueSession(nuriOfficial)).token);
    const res = await official.postJson('/api/v1/sharing/lookups', { ...passport, caseId: caseOnA });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { accessId: string; result: string; items: { itemCode: string; outcome: string; fields: Record<string, unknown> }[] };
    assert.equal(body.result, 'complete');
    const family = body.items.find((i) => i.itemCode === 'family-relations')!;
    assert.equal(family.outcome, 'given');
    assert.deepEqual(Object.keys(family.fields), ['parents'], 'node B gives only the approved field');
    assert.equal(remoteRequests.length, 1);

    const moj = (await nodeB.kernel.identity.listOrganisations()).find((o) => o.code === 'MOJ')!.id;
    const onA = await nodeA.kernel.db.selectFrom('sharing_message').selectAll().where('access_id', '=', body.accessId).execute();
    const fromB = onA.find((m) => m.direction === 'response' && m.agency_id === moj)!;
    assert.ok(fromB, 'node B\'s signed response is in node A\'s message log');
    assert.equal((await nodeA.kernel.pki.verifyJson(fromB.jws)).ok, false, 'node B\'s signature chains to node B\'s root, not A\'s own');
    assert.equal((await nodeB.kernel.pki.verifyJson(fromB.jws)).ok, true, 'and verifies on node B');

    const onB = await nodeB.kernel.db.selectFrom('sharing_access').selectAll().where('person_id', '=', citizen).execute();
    assert.equal(onB.length, 1, 'node B keeps its own access record');
    assert.equal(onB[0]!.official_id, nuriOfficial);
    assert.equal(onB[0]!.case_ref, caseOnA);
    assert.equal(onB[0]!.result, 'complete');
    const messagesOnB = await nodeB.kernel.db.selectFrom('sharing_message').selectAll().where('access_id', '=', onB[0]!.id).execute();
    assert.deepEqual(messagesOnB.map((m) => m.direction).sort(), ['request', 'response']);
  });

  test('the request and the response are encrypted on the wire: sign, then encrypt to the receiving node', async () => {
    const official = new Browser(nodeA.app);
    official.cookies.set('nara_session', (await nodeA.kernel.identity.sessions.issueSession(nuriOfficial)).token);
    const res = await official.postJson('/api/v1/sharing/lookups', { ...passport, caseId: caseOnA, items: ['family-relations'] });
    const body = (await res.json()) as { items: { outcome: string; fields: Record<string, unknown> }[] };
    assert.equal(body.items[0]!.outcome, 'given');
    const values = JSON.stringify(body.items[0]!.fields).match(/"[^"]{4,}"/g)?.map((v) => v.slice(1, -1)) ?? [];
    const [request, response] = [remoteRequests.at(-1)!, remoteResponses.at(-1)!];
    for (const wire of [request, response]) {
      const parts = wire.split('.');
      assert.equal(parts.length, 5, 'a compact JWE');
      const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      assert.equal(header.alg, 'ECDH-ES+A256KW');
      assert.equal(header.enc, 'A256GCM');
      assert.equal(header.cty, 'JOSE');
      const seen = [wire, ...parts.map((p) => Buffer.from(p, 'base64url').toString('latin1'))].join('\n');
      for (const secret of [citizen, nuriOfficial, caseOnA, 'passport-issuance', 'Passport Act', 'family-relations', 'parents', ...values]) {
        assert.ok(!seen.includes(secret), `no ${secret} on the wire`);
      }
    }
    assert.equal(JSON.parse(Buffer.from(request.split('.')[0]!, 'base64url').toString('utf8')).kid, (await keyOf(nodeB, mojOnB)).kid, 'the request is for node B\'s key');
    assert.equal(JSON.parse(Buffer.from(response.split('.')[0]!, 'base64url').toString('utf8')).kid, (await keyOf(nodeA, nuriOnA)).kid, 'the response is for node A\'s key');
  });

  test('node B refuses a replayed request, a forged one, changed ciphertext, a message for another node, plaintext and a stale one', async () => {
    const replay = await nodeB.app.request('/api/v1/sharing/node/requests', { method: 'POST', headers: { 'content-type': 'application/jose' }, body: remoteRequests[0]! });
    assert.equal(replay.status, 409);
    assert.equal(((await replay.json()) as Problem).code, 'sharing_node_replayed');

    // The signed request as node A keeps it in its message log.
    const signedOnA = (await nodeA.kernel.db.selectFrom('sharing_message').select('jws').where('direction', '=', 'request').where('agency_id', '=', nuriOnA).execute())
      .map((m) => m.jws)
      .find((jws) => (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as { type: string }).type === 'nara.sharing.node-request')!;
    const [header, payload, signature] = signedOnA.split('.');
    const changed = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...changed, requestId: 'e2b6a1a4-0000-4000-8000-000000000001', fields: ['parents', 'spouse', 'children'] })).toString('base64url')}.${signature}`;
    const tampered = await post(await encryptTo(forged, await keyOf(nodeB, mojOnB)));
    assert.equal(tampered.status, 401);
    assert.equal(((await tampered.json()) as Problem).code, 'sharing_node_signature_invalid');

    const wire = remoteRequests[0]!.split('.');
    const ciphertext = Buffer.from(wire[3]!, 'base64url');
    ciphertext[Math.floor(ciphertext.length / 2)]! ^= 0x01;
    const flipped = await post([...wire.slice(0, 3), ciphertext.toString('base64url'), wire[4]].join('.'));
    assert.equal(flipped.status, 400);
    assert.match(flipped.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await flipped.json()) as Problem).code, 'sharing_node_undecryptable');

    const toA = await post(await encryptTo(signedOnA, await keyOf(nodeA, nuriOnA)));
    assert.equal(toA.status, 400, 'a message for node A\'s key is not for node B');
    assert.equal(((await toA.json()) as Problem).code, 'sharing_node_wrong_recipient');
    const plain = await post(signedOnA);
    assert.equal(plain.status, 400, 'a signed but unencrypted request is refused');
    assert.equal(((await plain.json()) as Problem).code, 'sharing_node_not_encrypted');

    nodeB.clock.advance(10 * 60_000);
    try {
      const official = new Browser(nodeA.app);
      official.cookies.set('nara_session', (await nodeA.kernel.identity.sessions.issueSession(nuriOfficial)).token);
      const res = await official.postJson('/api/v1/sharing/lookups', { ...passport, caseId: caseOnA, items: ['family-relations'] });
      const body = (await res.json()) as { result: string; items: { outcome: string }[] };
      assert.equal(body.result, 'partial', 'node B refused the stale request, so the item is unavailable');
      assert.equal(body.items[0]!.outcome, 'unavailable');
    } finally {
      nodeB.clock.set(nodeA.clock.now());
    }
  });
});
