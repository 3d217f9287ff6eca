import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchConsentedFacts } from '../../src/modules/gov24/gov24.ports.js';
import { gov24Facts } from '../../src/modules/index.js';
import { createDemoRefundSource } from '../../src/modules/gov24/gov24.refunds.js';
import { evaluate, NOTICE_E_RULES } from '../../src/modules/gov24/gov24.notice-e.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { browserSignedInAs } from '../support/session.js';

let nara: TestNara;
const kim = DEMO_PERSONAS.citizenKimMinJun.personId;
const lee = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
const NAMES: Record<string, string> = { 'child-allowance': 'Child allowance', 'basic-pension': 'Basic pension', 'youth-rent-support': 'Monthly rent support for young people' };

const as = (personId: string) => browserSignedInAs(nara, personId);
const text = async (res: Response | Promise<Response>) => (await res).text();
/** The benefits listed under "You may be eligible for", in page order. */
const eligibleOn = (html: string) => [...(html.split('You may be eligible for')[1] ?? '').split('Other benefits we checked')[0]!.matchAll(/Apply for ([^<]+)</g)].map((m) => m[1]!);

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 20 });
});
after(() => nara.close());

describe('Gov24: Notice e and my life information', () => {
  test('Notice e asks for consent first, naming each fact and its holder, and checks nothing before', async () => {
    const browser = await as(kim);
    const html = await text(browser.request('/gov24/notice-e?lang=en'));
    assert.match(html, /Yes, check my eligibility/);
    for (const item of ['Date of birth', 'Number of children', 'Income bracket', 'Ministry of the Interior and Safety', 'National Tax Service']) assert.ok(html.includes(item), item);
    assert.doesNotMatch(html, /You may be eligible for/);
    assert.equal((await nara.app.request('/gov24/notice-e')).status, 303, 'signed out: sign in first');
  });

  test('with consent it shows the benefits each citizen may be eligible for, why, and a link to apply; two citizens differ', async () => {
    const facts = gov24Facts(nara.kernel);
    const mois = (await nara.kernel.identity.listOrganisations()).find((o) => o.code === 'MOIS')!.id;
    // The registers' facts, read the way Notice e reads them (through the sharing hub, with consent).
    const expected = async (personId: string) => {
      const own = await fetchConsentedFacts(facts, {
        personId, agencyId: mois, serviceCode: 'test', serviceName: 'test', applicationId: `test-${personId}`, items: ['resident.birthDate', 'family.children', 'income.bracket'],
      });
      return evaluate(NOTICE_E_RULES, own, nara.clock.now()).filter((e) => e.eligible).map((e) => NAMES[e.rule.serviceCode]!);
    };
    const shown: Record<string, string[]> = {};
    for (const person of [kim, lee]) {
      const browser = await as(person);
      assert.equal((await browser.postForm('/gov24/notice-e/consent')).status, 303);
      const html = await text(browser.request('/gov24/notice-e?lang=en'));
      shown[person] = eligibleOn(html);
      assert.deepEqual(shown[person], await expected(person));
      assert.match(html, /Your age: \d+/, 'says why');
      assert.match(html, /This is a guide, not a decision/);
    }
    // Lee Seo-yeon (born 2001) is young enough for rent support; Kim Min-jun (born 1990) is not.
    assert.ok(shown[lee]!.includes('Monthly rent support for young people'), `Lee: ${shown[lee]}`);
    assert.ok(!shown[kim]!.includes('Monthly rent support for young people'), `Kim: ${shown[kim]}`);
    const kimPage = await text((await as(kim)).request('/gov24/notice-e?lang=en'));
    assert.match(kimPage, /Your age: 35 \(needs between 19 and 34\)/);
    assert.match(await text((await as(lee)).request('/gov24/notice-e?lang=en')), /href="\/gov24\/services\/youth-rent-support"/);
  });

  test('withdrawing consent stops the checks', async () => {
    const browser = await as(lee);
    assert.equal((await browser.postForm('/gov24/notice-e/withdraw')).status, 303);
    const html = await text(browser.request('/gov24/notice-e?lang=en'));
    assert.match(html, /Yes, check my eligibility/);
    assert.doesNotMatch(html, /You may be eligible for/);
  });

  test('my life information lists my facts with who holds each, and money agencies hold for me', async () => {
    const html = await text((await as(kim)).request('/gov24/my-info?lang=en'));
    assert.match(html, /김민준/);
    assert.match(html, /1990-03-15/);
    assert.match(html, /Held by Ministry of the Interior and Safety/);
    assert.match(html, /Held by National Tax Service/);
    const owed = await createDemoRefundSource().list(kim);
    for (const m of owed) assert.ok(html.includes(m.code), m.code);
    assert.match(await text((await as(kim)).request('/gov24/my-info?lang=ko')), /나의 생활정보/);
  });

  test('a citizen claims money owed to them once, to a valid account; the claim is kept and notified', async () => {
    const source = createDemoRefundSource();
    let person: string | undefined;
    for (const p of await nara.kernel.identity.listPeopleWithRole('citizen', 20)) {
      if ((await source.list(p.id)).length > 0) {
        person = p.id;
        break;
      }
    }
    assert.ok(person, 'some demo citizen is owed money');
    const [money] = await source.list(person);
    const browser = await as(person);
    const path = `/gov24/my-info/refunds/${money!.code}/claim?lang=en`;
    const bad = await browser.postForm(path, { bankAccount: '12345' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Enter the account number with its hyphens/);
    const ok = await browser.postForm(path, { bankAccount: '110-123-456789' });
    assert.equal(ok.status, 303);
    const html = await text(browser.request(`${ok.headers.get('location')}&lang=en`));
    assert.match(html, /Claim sent to the agency/);
    assert.match(html, /to account 110-123-456789/);
    assert.equal((await browser.postForm(path, { bankAccount: '110-123-456789' })).status, 409, 'claimed once only');
    assert.equal((await browser.postForm('/gov24/my-info/refunds/NTS-R0000000000/claim', { bankAccount: '110-123-456789' })).status, 404, 'not money held for them');
    assert.match(await text(browser.request('/inbox?lang=en')), new RegExp(`Claim ${money!.code} sent`));
  });
});
