import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { demoCatalogue } from '../../src/modules/gov24/gov24.demo-catalogue.js';
import type { FormField } from '../../src/modules/gov24/gov24.catalogue.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { readUntil } from '../support/sse.js';

let nara: TestNara;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const otherCitizen = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
let mofaOfficial: string;
let nuriOfficial: string;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}
const html = async (res: Response | Promise<Response>) => (await res).text();
const location = (res: Response) => res.headers.get('location') ?? '';

/** A valid answer for any demo form field. */
function answerFor(field: FormField): string {
  if (field.type === 'choice') return field.options![0]!.value;
  if (field.type === 'yesno') return 'yes';
  if (field.type === 'date') return '2026-04-01';
  if (field.type === 'number') return String(field.min ?? 1);
  if (field.name === 'bankAccount') return '110-123-456789';
  if (field.name === 'plate') return '12가 3456';
  return 'Test answer';
}

/** Starts an application and answers every question page, as a browser without JavaScript. */
async function answerAll(browser: Browser, code: string, override: Record<string, string> = {}): Promise<{ id: string; next: string }> {
  const started = await browser.postForm(`/gov24/services/${encodeURIComponent(code)}/apply`);
  assert.equal(started.status, 303, `apply ${code}`);
  const id = /\/gov24\/applications\/(app_[a-z0-9]+)\/continue$/.exec(location(started))?.[1];
  assert.ok(id, 'a draft was created');
  let next = location(await browser.request(`/gov24/applications/${id}/continue`));
  const definition = demoCatalogue().find((d) => d.code === code)!;
  for (let i = 0; i < 10 && next.includes('/q/'); i++) {
    const name = next.split('/q/')[1]!;
    const field = definition.form.find((f) => f.name === name)!;
    const res = await browser.postForm(next, { [name]: override[name] ?? answerFor(field) });
    assert.equal(res.status, 303, `${code}: ${name} accepted`);
    next = location(res);
  }
  for (let i = 0; i < 5 && next.includes('/upload/'); i++) {
    const res = await upload(browser, next, PDF, 'lease.pdf', 'application/pdf');
    assert.equal(res.status, 303, `${code}: upload accepted`);
    next = location(res);
  }
  return { id, next };
}

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Sends a file as a browser's multipart form does, with the CSRF field. */
async function upload(browser: Browser, path: string, bytes: Uint8Array, filename: string, type: string): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', await browser.csrf());
  form.set('file', new File([new Uint8Array(bytes)], filename, { type }));
  return browser.request(path, { method: 'POST', body: form });
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 20 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  await nara.kernel.pki.ensurePlatformRoot();
  mofaOfficial = (await nara.kernel.identity.listOfficialsOf(agency.MOFA!))[0]!.personId;
  nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;
  await nara.kernel.pki.issueOfficialCertificate(mofaOfficial, agency.MOFA!);
  await nara.kernel.pki.issueOfficialCertificate(nuriOfficial, agency['CITY-NURI']!);
});
after(() => nara.close());

describe('Gov24: the service catalogue', () => {
  test('the demo country publishes at least 200 services, at least 15 of them online, each with texts in both languages', async () => {
    const res = await nara.app.request('/api/v1/gov24/services');
    const body = (await res.json()) as { total: number };
    assert.ok(body.total >= 200, `${body.total} services`);
    const online = (await (await nara.app.request('/gov24?lang=en')).text()).match(/(\d+) of them online/)?.[1];
    assert.ok(Number(online) >= 15, `${online} online`);
    const detail = (await (await nara.app.request('/api/v1/gov24/services/passport-issuance')).json()) as Record<string, unknown> & { name: { en: string; ko: string }; factItems: { item: string; holderAgencyCode: string }[]; form: { name: string }[]; feeKrw: number };
    assert.deepEqual(detail.name, { en: 'Passport issuance', ko: '여권 발급' });
    assert.equal(detail.feeKrw, 50000);
    assert.deepEqual(detail.factItems.map((f) => `${f.item}@${f.holderAgencyCode}`), ['resident.name@MOIS', 'resident.birthDate@MOIS', 'resident.address@MOIS']);
    assert.deepEqual(detail.form.map((f) => f.name), ['passportType', 'validity', 'delivery', 'postAddress']);
    for (const key of ['audience', 'eligibility', 'legalBasis', 'processingDays', 'documents']) assert.ok(key in detail, key);
  });

  test('browsing by category, life event and age group narrows the list; pages are linked', async () => {
    const moving = (await (await nara.app.request('/api/v1/gov24/services?lifeEvent=moving')).json()) as { total: number; items: { lifeEvent: string; code: string }[] };
    assert.ok(moving.items.every((i) => i.lifeEvent === 'moving'));
    assert.ok(moving.items.some((i) => i.code === 'school-transfer'));
    const seniors = (await (await nara.app.request('/api/v1/gov24/services?ageGroup=senior')).json()) as { items: { ageGroup: string }[] };
    assert.ok(seniors.items.every((i) => i.ageGroup === 'senior' || i.ageGroup === 'all'));
    const page = await html(nara.app.request('/gov24/services?category=tax&lang=en'));
    assert.match(page, /Tax: \d+ services/);
    assert.match(page, /Tax payment certificate/);
    assert.equal((await nara.app.request('/api/v1/gov24/services?category=nonsense')).status, 422);
  });

  test('search forgives typos in English and Korean', async () => {
    for (const q of ['pasport', 'passport issuanse', '여권', '여권 발급', '여권발급', '여권 발굽', '여권발굽']) {
      const res = (await (await nara.app.request(`/api/v1/gov24/services?q=${encodeURIComponent(q)}`)).json()) as { items: { code: string }[] };
      assert.equal(res.items[0]?.code, 'passport-issuance', `first hit for "${q}"`);
    }
    const allowance = (await (await nara.app.request(`/api/v1/gov24/services?q=${encodeURIComponent('child alowance')}`)).json()) as { items: { code: string }[] };
    assert.equal(allowance.items[0]?.code, 'child-allowance');
    const page = await html(nara.app.request('/gov24/services?q=pasport&lang=en'));
    assert.match(page, /href="\/gov24\/services\/passport-issuance"/);
    assert.match(await html(nara.app.request('/gov24/services?q=zzqqxx&lang=en')), /No service matches/);
  });

  test('the service page shows who holds the facts fetched, the fee, and an apply button', async () => {
    const page = await html(nara.app.request('/gov24/services/passport-issuance?lang=en'));
    assert.match(page, /Ministry of Foreign Affairs/);
    assert.match(page, /Registered address \(Ministry of the Interior and Safety\)/);
    assert.match(page, /50,000 won/);
    assert.match(page, /name="_csrf"/);
    assert.equal((await nara.app.request('/gov24/services/no-such-service')).status, 404);
    const korean = await html(nara.app.request('/gov24/services/passport-issuance?lang=ko'));
    assert.match(korean, /<h1 class="govuk-heading-l">여권 발급<\/h1>/);
    assert.match(korean, /50,000원/);
    assert.match(korean, /등록 주소 \(행정안전부\)/);
    const openapi = (await (await nara.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/gov24/services', '/api/v1/gov24/services/{code}', '/api/v1/gov24/applications/{applicationId}']) assert.ok(openapi.paths[path], path);
    assert.match(await html(nara.app.request('/gov24/services/apostille?lang=ko')), /온라인으로 신청할 수 없습니다|아직 온라인/);
  });
});

describe('Gov24: applying without JavaScript', () => {
  let appId: string;

  test('one question a page; a wrong answer shows the error summary; a condition adds a question', async () => {
    const browser = await as(citizen);
    const started = await browser.postForm('/gov24/services/passport-issuance/apply');
    appId = /app_[a-z0-9]+/.exec(location(started))![0];
    const first = location(await browser.request(`/gov24/applications/${appId}/continue`));
    assert.equal(first, `/gov24/applications/${appId}/q/passportType`);
    const bad = await browser.postForm(`${first}?lang=en`, {});
    assert.equal(bad.status, 422);
    const page = await bad.text();
    assert.match(page, /govuk-error-summary/);
    assert.match(page, /Answer “Which passport do you need\?”/);
    await browser.postForm(first, { passportType: 'regular58' });
    await browser.postForm(`/gov24/applications/${appId}/q/validity`, { validity: '10' });
    const afterDelivery = await browser.postForm(`/gov24/applications/${appId}/q/delivery`, { delivery: 'post' });
    assert.equal(location(afterDelivery), `/gov24/applications/${appId}/q/postAddress`);
    assert.equal((await browser.request(`/gov24/applications/${appId}/q/nonsense`)).status, 404);
  });

  test('save and return: the draft waits in your applications and continues at the next question', async () => {
    const browser = await as(citizen);
    assert.match(await html(browser.request('/gov24/applications?lang=en')), /Draft \(continue\)/);
    assert.equal(location(await browser.request(`/gov24/applications/${appId}/continue`)), `/gov24/applications/${appId}/q/postAddress`);
    // Changing the delivery to collection drops the posted-address question and its answer.
    await browser.postForm(`/gov24/applications/${appId}/q/postAddress`, { postAddress: 'Somewhere 1' });
    const changed = await browser.postForm(`/gov24/applications/${appId}/q/delivery`, { delivery: 'collect' });
    assert.equal(location(changed), `/gov24/applications/${appId}/consent`);
    // Someone else cannot see or continue the draft.
    assert.equal((await (await as(otherCitizen)).request(`/gov24/applications/${appId}/continue`)).status, 404);
  });

  test('the consent page lists exactly the items and their holders; without consent nothing is fetched', async () => {
    const browser = await as(citizen);
    const page = await html(browser.request(`/gov24/applications/${appId}/consent?lang=en`));
    const rows = [...page.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]+)<\/td><td class="govuk-table__cell">([^<]+)<\/td><\/tr>/g)].map((m) => `${m[1]} | ${m[2]}`);
    assert.deepEqual(rows, ['Your name | Ministry of the Interior and Safety', 'Date of birth | Ministry of the Interior and Safety', 'Registered address | Ministry of the Interior and Safety']);
    const refused = await browser.postForm(`/gov24/applications/${appId}/consent?lang=en`, { consent: 'no' });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /apply in person/);
    assert.equal(location(await browser.request(`/gov24/applications/${appId}/check`)), `/gov24/applications/${appId}/consent`);
    assert.equal(location(await browser.postForm(`/gov24/applications/${appId}/consent`, { consent: 'yes' })), `/gov24/applications/${appId}/check`);
  });

  test('check your answers shows the fetched facts (not asked for) and the fee', async () => {
    const browser = await as(citizen);
    const page = await html(browser.request(`/gov24/applications/${appId}/check?lang=en`));
    assert.match(page, /Check your answers before applying/);
    assert.match(page, /김민준/);
    assert.match(page, /1990-03-15/);
    assert.match(page, /50,000 won/);
    assert.doesNotMatch(page, /Address to post it to/);
  });

  test('submitting needs a fresh passkey check; then it is numbered, routed, paid, logged and announced', async () => {
    const stale = await as(citizen);
    nara.clock.advance(10 * 60_000);
    const refused = await stale.postForm(`/gov24/applications/${appId}/submit`);
    assert.equal(refused.status, 303);
    assert.match(location(refused), /^\/reauthenticate\?next=/);

    const browser = await as(citizen);
    const submitted = await browser.postForm(`/gov24/applications/${appId}/submit`);
    assert.equal(location(submitted), `/gov24/applications/${appId}/receipt`);
    const receipt = await html(browser.request(`/gov24/applications/${appId}/receipt?lang=en`));
    const number = /G24-2026-\d{6}/.exec(receipt)?.[0];
    assert.ok(number);
    // Passports are handled by the city of the applicant's registered address, acting for the ministry.
    assert.match(receipt, /Nuri City/);
    assert.match(receipt, /DEV-PAY-/);
    assert.match(receipt, /The log is adding your application/);

    await nara.kernel.transparencyLog.sequenceOnce();
    const download = await browser.request(`/gov24/applications/${appId}/receipt.json`);
    assert.equal(download.status, 200);
    const body = (await download.json()) as { application: { documentSha256: string }; logReceipt: { entry: { type: string; agency: string; refs: Record<string, string>; subject: string } } };
    assert.equal(body.logReceipt.entry.type, 'gov24.application-submitted');
    assert.equal(body.logReceipt.entry.agency, agency['CITY-NURI']);
    assert.equal(body.logReceipt.entry.refs.applicationNumber, number);
    assert.equal(body.logReceipt.entry.refs.sha256, body.application.documentSha256);
    assert.match(body.logReceipt.entry.subject, /^[0-9a-f]{64}$/);
    const logged = JSON.stringify(body.logReceipt.entry);
    for (const secret of [citizen, '김민준', '1990-03-15', 'regular58']) assert.ok(!logged.includes(secret), `the log holds no ${secret}`);

    assert.match(await html(browser.request('/inbox?lang=en')), new RegExp(`Application ${number} received`));
    // Submitting twice is refused: it is no longer a draft.
    assert.equal((await browser.postForm(`/gov24/applications/${appId}/submit`)).status, 409);
  });

  test('every online service of the demo country can be applied for end to end', async () => {
    const online = demoCatalogue().filter((d) => d.form.length > 0);
    assert.ok(online.length >= 15);
    const browser = await as(otherCitizen);
    for (const d of online) {
      const { id, next } = await answerAll(browser, d.code);
      if (d.factItems.length > 0) {
        assert.equal(next, `/gov24/applications/${id}/consent`, d.code);
        await browser.postForm(next, { consent: 'yes' });
      }
      const res = await browser.postForm(`/gov24/applications/${id}/submit`);
      assert.equal(location(res), `/gov24/applications/${id}/receipt`, `${d.code} submitted`);
      const api = (await (await browser.request(`/api/v1/gov24/applications/${id}`)).json()) as { status: string; service: string };
      assert.deepEqual([api.service, api.status], [d.code, 'received']);
    }
  });
});

describe('Gov24: uploads only where no agency holds the fact', () => {
  test('a document is checked by its real type and its size, shown on check your answers and to the official', async () => {
    const browser = await as(citizen);
    const started = await browser.postForm('/gov24/services/business-registration/apply');
    const id = /app_[a-z0-9]+/.exec(location(started))![0];
    await browser.postForm(`/gov24/applications/${id}/q/businessName`, { businessName: 'Minjun Coffee' });
    await browser.postForm(`/gov24/applications/${id}/q/businessType`, { businessType: 'food' });
    const afterQuestions = await browser.postForm(`/gov24/applications/${id}/q/startDate`, { startDate: '2026-04-01' });
    assert.equal(location(afterQuestions), `/gov24/applications/${id}/upload/leaseContract`);
    const form = await html(browser.request(`/gov24/applications/${id}/upload/leaseContract?lang=en`));
    assert.match(form, /enctype="multipart\/form-data"/);
    assert.match(form, /PDF file, at most 900 KB/);

    const fake = await upload(browser, `/gov24/applications/${id}/upload/leaseContract?lang=en`, new TextEncoder().encode('MZ not really a pdf'), 'lease.pdf', 'application/pdf');
    assert.equal(fake.status, 422);
    assert.match(await fake.text(), /The file must be a PDF file/);
    const big = new Uint8Array(950 * 1024);
    big.set(PDF);
    const tooBig = await upload(browser, `/gov24/applications/${id}/upload/leaseContract?lang=en`, big, 'lease.pdf', 'application/pdf');
    assert.equal(tooBig.status, 422);
    assert.match(await tooBig.text(), /at most 900 KB/);
    assert.equal((await upload(browser, `/gov24/applications/${id}/upload/leaseContract?lang=en`, new Uint8Array(), 'x.pdf', 'application/pdf')).status, 422);

    const ok = await upload(browser, `/gov24/applications/${id}/upload/leaseContract`, PDF, 'lease.pdf', 'application/pdf');
    assert.equal(location(ok), `/gov24/applications/${id}/consent`);
    await browser.postForm(`/gov24/applications/${id}/consent`, { consent: 'yes' });
    assert.match(await html(browser.request(`/gov24/applications/${id}/check?lang=en`)), /lease\.pdf \(1 KB\)/);
    await browser.postForm(`/gov24/applications/${id}/submit`);

    const ntsOfficial = (await nara.kernel.identity.listOfficialsOf(agency.NTS!))[0]!.personId;
    const official = await as(ntsOfficial);
    assert.match(await html(official.request(`/gov24/applications/${id}?lang=en`)), /lease\.pdf/);
    const download = await official.request(`/gov24/applications/${id}/documents/leaseContract`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), PDF);
    assert.equal((await (await as(otherCitizen)).request(`/gov24/applications/${id}/documents/leaseContract`)).status, 404);
  });
});

describe('Gov24: life-event bundles', () => {
  test('moving home is one journey whose parts reach three agencies, with the status of each part', async () => {
    const info = await html(nara.app.request('/gov24/life-events/moving-home?lang=en'));
    assert.match(info, /Ministry of Land, Infrastructure and Transport/);
    assert.match(info, /Ministry of Education/);
    const browser = await as(citizen);
    const started = await browser.postForm('/gov24/life-events/moving-home/apply');
    const bundleId = /bnd_[a-z0-9]+/.exec(location(started))![0];
    const answers: Record<string, string> = { newAddress: 'Haneul-ro 12, Nuri City', movedOn: '2026-03-01', plate: '34나 5678', childName: 'Kim Ha-eun', currentSchool: 'Sollae Elementary' };
    let next = location(await browser.request(`/gov24/bundles/${bundleId}/continue`));
    const visited: string[] = [];
    for (let i = 0; i < 20 && !next.endsWith('/check'); i++) {
      if (next.endsWith('/continue')) {
        next = location(await browser.request(next));
        continue;
      }
      visited.push(next.replace(/app_[a-z0-9]+/, 'app'));
      const res = next.endsWith('/consent') ? await browser.postForm(next, { consent: 'yes' }) : await browser.postForm(next, { [next.split('/q/')[1]!]: answers[next.split('/q/')[1]!]! });
      assert.equal(res.status, 303, next);
      next = location(res);
    }
    assert.equal(next, `/gov24/bundles/${bundleId}/check`);
    assert.deepEqual(visited, [
      '/gov24/applications/app/q/newAddress', '/gov24/applications/app/q/movedOn', '/gov24/applications/app/consent',
      '/gov24/applications/app/q/plate', '/gov24/applications/app/consent',
      '/gov24/applications/app/q/childName', '/gov24/applications/app/q/currentSchool', '/gov24/applications/app/consent',
    ]);
    const check = await html(browser.request(`${next}?lang=en`));
    assert.match(check, /Sign and send all 3 applications/);
    assert.equal(location(await browser.postForm(`/gov24/bundles/${bundleId}/submit`)), `/gov24/bundles/${bundleId}`);
    const status = await html(browser.request(`/gov24/bundles/${bundleId}?lang=en`));
    for (const agencyName of ['Nuri City', 'Ministry of Land, Infrastructure and Transport', 'Ministry of Education']) assert.match(status, new RegExp(agencyName));
    assert.equal(status.match(/G24-2026-\d{6}/g)?.length, 3);
    assert.equal(status.match(/>Received</g)?.length, 3);
    assert.equal((await (await as(otherCitizen)).request(`/gov24/bundles/${bundleId}`)).status, 404);
  });
});

describe('Gov24: one window for status, and the back office', () => {
  let appId: string;

  test('an application in progress keeps its form version when the agency publishes a new one', async () => {
    const browser = await as(citizen);
    const { id } = await answerAll(browser, 'city-nuri.resident-transfer');
    appId = id;
    const before = (await (await nara.app.request('/api/v1/gov24/services/city-nuri.resident-transfer')).json()) as { version: number };
    assert.equal(before.version, 1);
    // The municipality's administrator adds a question; the draft's form stays the one it started with.
    const current = demoCatalogue().find((d) => d.code === 'city-nuri.resident-transfer')!;
    const next = { ...current, form: [...current.form, { name: 'householdSize', type: 'number', label: { en: 'People moving', ko: '전입 인원' }, required: true, min: 1, max: 20 }] };
    assert.equal((await (await as(citizen)).postJson('/api/v1/gov24/services', next)).status, 403);
    assert.equal((await (await as(mofaOfficial)).postJson('/api/v1/gov24/services', next)).status, 403);
    const admin = await as(nuriOfficial);
    const broken = await admin.postJson('/api/v1/gov24/services', { ...next, form: [{ ...next.form[0]!, showIf: { field: 'householdSize', equals: '1' } }, ...next.form.slice(1)] });
    assert.equal(broken.status, 422);
    assert.match(JSON.stringify(await broken.json()), /A condition can only refer to an earlier field/);
    const published = await admin.postJson('/api/v1/gov24/services', next);
    assert.equal(published.status, 201);
    const afterPublish = (await (await nara.app.request('/api/v1/gov24/services/city-nuri.resident-transfer')).json()) as { version: number; form: { name: string }[] };
    assert.equal(afterPublish.version, 2);
    assert.ok(afterPublish.form.some((f) => f.name === 'householdSize'));
    assert.equal(location(await browser.request(`/gov24/applications/${appId}/continue`)), `/gov24/applications/${appId}/consent`);
    await browser.postForm(`/gov24/applications/${appId}/consent`, { consent: 'yes' });
    assert.equal(location(await browser.postForm(`/gov24/applications/${appId}/submit`)), `/gov24/applications/${appId}/receipt`);
    const api = (await (await browser.request(`/api/v1/gov24/applications/${appId}`)).json()) as { serviceVersion: number };
    assert.equal(api.serviceVersion, 1);
  });

  test('the agency’s queue shows it with its due date; the official sees answers and consented facts on one screen', async () => {
    const official = await as(nuriOfficial);
    const queue = await html(official.request('/gov24/queue?lang=en'));
    assert.match(queue, /Nuri City/);
    assert.match(queue, new RegExp(`/gov24/applications/${appId}`));
    const page = await html(official.request(`/gov24/applications/${appId}?lang=en`));
    assert.match(page, /Information fetched with the applicant’s consent/);
    assert.match(page, /김민준/);
    assert.match(page, /Assign to me/);
    // An official of another agency, or another citizen, does not see it.
    assert.equal((await (await as(mofaOfficial)).request(`/gov24/applications/${appId}`)).status, 404);
    assert.equal((await (await as(otherCitizen)).request(`/api/v1/gov24/applications/${appId}`)).status, 404);
  });

  test('assigned, in review, supplement requested and answered in place, then approved with a signed, logged decision', async () => {
    const official = await as(nuriOfficial);
    // The applicant's page names its live stream; the stream tells of the assignment at once.
    const applicant = await as(citizen);
    const shown = await html(applicant.request(`/gov24/applications/${appId}?lang=en`));
    const since = /data-live-url="\/gov24\/applications\/app_[a-z0-9]+\/live\?since=(\d+)"/.exec(shown)?.[1];
    assert.ok(since, 'the page names its stream and the step it shows');
    assert.match(shown, /<script type="module" src="\/assets\/nara\/live\.mjs\?v=/);
    const stream = await applicant.request(`/gov24/applications/${appId}/live?since=${since}&lang=en`);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const hearing = readUntil(stream.body!, /event: update/);
    assert.equal((await official.postForm(`/gov24/applications/${appId}/assign`)).status, 303);
    assert.match(await hearing, /Assigned to an official/);
    assert.equal((await (await as(otherCitizen)).request(`/gov24/applications/${appId}/live`, { headers: { accept: 'application/json' } })).status, 404);
    assert.equal((await official.postForm(`/gov24/applications/${appId}/review`)).status, 303);
    const empty = await official.postForm(`/gov24/applications/${appId}/request-supplement?lang=en`, { note: ' ' });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Say what the applicant needs to add/);
    await official.postForm(`/gov24/applications/${appId}/request-supplement`, { note: 'Please give the apartment unit number.' });

    const browser = await as(citizen);
    const page = await html(browser.request(`/gov24/applications/${appId}?lang=en`));
    assert.match(page, /Waiting for you/);
    assert.match(page, /Please give the apartment unit number\./);
    assert.match(await html(browser.request('/inbox?lang=en')), /more information needed/);
    const blocked = await official.postForm(`/gov24/applications/${appId}/decide?lang=en`, { decision: 'approved', reasons: 'Fine.', remedy: '' });
    assert.equal(blocked.status, 422);
    assert.match(await blocked.text(), /waits for the applicant’s supplement/);
    assert.equal((await browser.postForm(`/gov24/applications/${appId}/supplement`, { supplement: 'Unit 1203.' })).status, 303);

    const decided = await official.postForm(`/gov24/applications/${appId}/decide`, { decision: 'approved', reasons: 'The move is registered.', remedy: '' });
    assert.equal(decided.status, 303);
    const status = await html(browser.request(`/gov24/applications/${appId}?lang=en`));
    for (const step of ['Application received', 'Assigned to an official', 'Review started', 'More information requested', 'You sent the information', 'Decision: approved']) assert.match(status, new RegExp(step));
    assert.match(status, /The move is registered\./);
    assert.doesNotMatch(status, /Withdraw the application/);
    const jws = await html(browser.request(`/gov24/applications/${appId}/decision.jws`));
    const verified = await nara.kernel.pki.verifyJson(jws);
    assert.ok(verified.ok, 'the decision verifies against the platform root');
    assert.deepEqual(verified.payload && { decision: (verified.payload as { decision: string }).decision, applicationId: (verified.payload as { applicationId: string }).applicationId }, { decision: 'approved', applicationId: appId });
    await nara.kernel.transparencyLog.sequenceOnce();
    const entries = (await nara.kernel.transparencyLog.listEntries(1, 1000)).entries.map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8')) as { type: string; refs: Record<string, string> });
    assert.ok(entries.some((e) => e.type === 'gov24.application-approved' && e.refs.applicationId === appId));
    assert.equal((await browser.postForm(`/gov24/applications/${appId}/withdraw`)).status, 422);
  });

  test('a refusal must state the remedy, and the applicant sees it', async () => {
    const browser = await as(citizen);
    const { id } = await answerAll(browser, 'city-nuri.bulky-waste-collection');
    await browser.postForm(`/gov24/applications/${id}/consent`, { consent: 'yes' });
    await browser.postForm(`/gov24/applications/${id}/submit`);
    const official = await as(nuriOfficial);
    const noRemedy = await official.postForm(`/gov24/applications/${id}/decide?lang=en`, { decision: 'refused', reasons: 'No collection on that date.', remedy: '' });
    assert.equal(noRemedy.status, 422);
    assert.match(await noRemedy.text(), /Say how the applicant can challenge a refusal/);
    await official.postForm(`/gov24/applications/${id}/decide`, { decision: 'refused', reasons: 'No collection on that date.', remedy: 'Object within 90 days to Nuri City.' });
    const page = await html(browser.request(`/gov24/applications/${id}?lang=en`));
    assert.match(page, /Decision: refused/);
    assert.match(page, /How to challenge this decision/);
    assert.match(page, /Object within 90 days to Nuri City\./);
  });

  test('the applicant may withdraw before the decision', async () => {
    const browser = await as(citizen);
    const { id } = await answerAll(browser, 'city-nuri.resident-parking-permit');
    await browser.postForm(`/gov24/applications/${id}/consent`, { consent: 'yes' });
    await browser.postForm(`/gov24/applications/${id}/submit`);
    assert.match(await html(browser.request(`/gov24/applications/${id}?lang=en`)), /Withdraw the application/);
    assert.equal(location(await browser.postForm(`/gov24/applications/${id}/withdraw`)), '/gov24/applications');
    const page = await html(browser.request(`/gov24/applications/${id}?lang=en`));
    assert.match(page, /You withdrew the application/);
    const queue = await html((await as(nuriOfficial)).request('/gov24/queue'));
    assert.doesNotMatch(queue, new RegExp(id));
  });
});
