import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DomainError } from '../../src/kernel/http/errors.js';
import { createSharingConsents, type SharingConsentPort } from '../../src/modules/sharing/index.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { expectPagesAxeClean } from '../support/serve.js';

let nara: TestNara;
let hub: SharingConsentPort;
const agency: Record<string, string> = {};
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
let appId: string;

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}
const location = (res: Response) => res.headers.get('location') ?? '';

/** The refusal a port call ends in: its code and the access record it names. */
async function refusalOf(call: Promise<unknown>): Promise<{ code: string; status: number; accessId: string; itemCode?: string }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return { code: error.code, status: error.status, accessId: String(error.extra.accessId), ...(error.extra.itemCode ? { itemCode: String(error.extra.itemCode) } : {}) };
  }
  assert.fail('the lookup was not refused');
}

const accessRow = (id: string) => nara.kernel.db.selectFrom('sharing_access').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 12 });
  for (const org of await nara.kernel.identity.listOrganisations()) agency[org.code] = org.id;
  hub = createSharingConsents(nara.kernel);
});
after(() => nara.close());

describe('sharing: consented lookups from the Gov24 portal', () => {
  test('consenting on the Gov24 page records the consent with the hub, and the facts come from the registers under it', async () => {
    const browser = await as(citizen);
    const started = await browser.postForm('/gov24/services/passport-issuance/apply');
    appId = /app_[a-z0-9]+/.exec(location(started))![0];
    await browser.postForm(`/gov24/applications/${appId}/q/passportType`, { passportType: 'regular58' });
    await browser.postForm(`/gov24/applications/${appId}/q/validity`, { validity: '10' });
    const toConsent = await browser.postForm(`/gov24/applications/${appId}/q/delivery`, { delivery: 'collect' });
    assert.equal(location(toConsent), `/gov24/applications/${appId}/consent`);
    assert.equal(await nara.kernel.db.selectFrom('sharing_consent').select('id').where('application_ref', '=', appId).executeTakeFirst(), undefined, 'nothing before the citizen agrees');
    assert.equal(location(await browser.postForm(`/gov24/applications/${appId}/consent`, { consent: 'yes' })), `/gov24/applications/${appId}/check`);

    const consent = await nara.kernel.db.selectFrom('sharing_consent').selectAll().where('application_ref', '=', appId).executeTakeFirstOrThrow();
    assert.equal(consent.person_id, citizen);
    assert.equal(consent.consumer_id, agency['CITY-NURI'], 'the agency that receives the application');
    assert.equal(consent.service_code, 'passport-issuance');
    assert.equal(consent.channel, 'gov24');
    assert.deepEqual(consent.items, [{ itemCode: 'resident-registration', fields: ['name', 'birthDate', 'currentAddress'] }]);
    assert.ok(consent.used_at, 'used by the one lookup');

    const access = await accessRow(consent.used_by_access_id!);
    assert.equal(access.mode, 'consent');
    assert.equal(access.consent_id, consent.id);
    assert.equal(access.result, 'complete');
    assert.deepEqual(access.items.map((i) => `${i.itemCode}:${i.fields.join(',')}`), ['resident-registration:name,birthDate,currentAddress']);
    const messages = await nara.kernel.db.selectFrom('sharing_message').select(['direction', 'agency_id']).where('access_id', '=', access.id).orderBy('id').execute();
    assert.deepEqual(messages.map((m) => `${m.direction}:${m.agency_id}`), [`request:${agency['CITY-NURI']}`, `response:${agency.MOIS}`]);

    const check = await (await browser.request(`/gov24/applications/${appId}/check?lang=en`)).text();
    assert.match(check, /1990-03-15/, 'the birth date from the resident register');
  });

  test('the person sees the access as made with their consent, in plain words, in English and Korean', async () => {
    const browser = await as(citizen);
    const en = await (await browser.request('/sharing/my-data?lang=en')).text();
    assert.match(en, /With your consent, Nuri City fetched your Resident registration through the portal for your application to “Passport issuance”/);
    assert.match(en, new RegExp(`It was for your application ${appId}`));
    const ko = await (await browser.request('/sharing/my-data?lang=ko')).text();
    assert.match(ko, /내 동의에 따라 누리시/);
    const api = (await (await browser.request('/api/v1/sharing/my-accesses')).json()) as { items: { mode: string; consentId: string | null; case: { kind: string; ref: string } }[] };
    const consented = api.items.find((i) => i.mode === 'consent')!;
    assert.deepEqual(consented.case, { kind: 'application', ref: appId });
    assert.ok(consented.consentId?.startsWith('cns_'));
  });

  test('no consent: refused with a problem code and an access record of the refusal', async () => {
    const other = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
    const refused = await refusalOf(hub.consentedLookup({ personId: other, consumerId: agency['CITY-NURI']!, serviceCode: 'passport-issuance', applicationId: 'app_none', channel: 'gov24', items: [{ itemCode: 'resident-registration', fields: ['name'] }] }));
    assert.equal(refused.code, 'sharing_consent_missing');
    assert.equal(refused.status, 403);
    const row = await accessRow(refused.accessId);
    assert.equal(row.result, 'refused');
    assert.equal(row.refusal_code, 'sharing_consent_missing');
    assert.equal(row.person_id, other);
    assert.equal(row.mode, 'consent');
  });

  test('items beyond the consent, another application, a used or an expired consent: each refused and recorded', async () => {
    const input = { personId: citizen, consumerId: agency['CITY-NURI']!, serviceCode: 'basic-livelihood', serviceName: 'Basic livelihood support', applicationId: 'app_test_one', channel: 'gov24' };
    const { consentId } = await hub.recordConsent({ ...input, items: [{ itemCode: 'resident-registration', fields: ['name'] }, { itemCode: 'income-tax', fields: ['annualIncome'] }] });

    const moreFields = await refusalOf(hub.consentedLookup({ ...input, consentId, items: [{ itemCode: 'resident-registration', fields: ['name', 'householdMembers'] }] }));
    assert.deepEqual([moreFields.code, moreFields.itemCode], ['sharing_consent_exceeded', 'resident-registration']);
    const moreItems = await refusalOf(hub.consentedLookup({ ...input, items: [{ itemCode: 'income-tax', fields: ['annualIncome'] }, { itemCode: 'land-buildings', fields: ['properties'] }] }));
    assert.deepEqual([moreItems.code, moreItems.itemCode], ['sharing_consent_exceeded', 'land-buildings']);
    const otherApplication = await refusalOf(hub.consentedLookup({ ...input, applicationId: 'app_test_two', items: [{ itemCode: 'resident-registration', fields: ['name'] }] }));
    assert.equal(otherApplication.code, 'sharing_consent_other_application');
    for (const r of [moreFields, moreItems, otherApplication]) assert.equal((await accessRow(r.accessId)).refusal_code, r.code);

    // Within the consent: given, and only the fields asked for.
    const given = await hub.consentedLookup({ ...input, items: [{ itemCode: 'income-tax', fields: ['annualIncome'] }] });
    assert.equal(given.consentId, consentId);
    assert.deepEqual(Object.keys(given.items[0]!.fields), ['annualIncome']);
    const again = await refusalOf(hub.consentedLookup({ ...input, items: [{ itemCode: 'income-tax', fields: ['annualIncome'] }] }));
    assert.equal(again.code, 'sharing_consent_expired', 'a consent serves one lookup');

    const late = await hub.recordConsent({ ...input, applicationId: 'app_test_three', items: [{ itemCode: 'resident-registration', fields: ['name'] }] });
    nara.clock.advance(2 * 3_600_000);
    const expired = await refusalOf(hub.consentedLookup({ ...input, applicationId: 'app_test_three', consentId: late.consentId, items: [{ itemCode: 'resident-registration', fields: ['name'] }] }));
    assert.equal(expired.code, 'sharing_consent_expired');
    assert.equal((await accessRow(expired.accessId)).consent_id, late.consentId);
  });

  test('a consent names only published items and their fields', async () => {
    const input = { personId: citizen, consumerId: agency['CITY-NURI']!, serviceCode: 'x', serviceName: 'X', applicationId: 'app_x', channel: 'gov24' };
    await assert.rejects(hub.recordConsent({ ...input, items: [{ itemCode: 'no-such-item', fields: ['x'] }] }), (e: DomainError) => e.code === 'validation_failed');
    await assert.rejects(hub.recordConsent({ ...input, items: [{ itemCode: 'income-tax', fields: ['shoeSize'] }] }), (e: DomainError) => e.code === 'validation_failed');
  });

  test('the refusals read plainly on the person’s page', async () => {
    const en = await (await (await as(citizen)).request('/sharing/my-data?lang=en')).text();
    assert.match(en, /Nuri City asked for your Resident registration for “Basic livelihood support”, more than you consented to\. It was refused and nothing was shown\./);
    assert.match(en, /without a valid consent from you for this application\. It was refused/);
  });

  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('the person’s page with consented accesses passes axe, in English and Korean', async () => {
    const token = (await nara.kernel.identity.sessions.issueSession(citizen)).token;
    await expectPagesAxeClean(nara.app, ['/sharing/my-data?lang=en', '/sharing/my-data?lang=ko'], { sessionToken: token });
  });
});
