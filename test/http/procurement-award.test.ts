import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import { expectPagesAxeClean } from '../support/serve.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { HOUR, setUpProcurement, type ProcurementWorld } from './procurement-support.js';

const DAY = 24 * HOUR;
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/ocds-1.1.5/${name}`, import.meta.url), 'utf8'));
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /T.*(Z|[+-]\d{2}:\d{2})$/.test(s));
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('email', (s: string) => s.includes('@'));
for (const name of ['release-schema.json', 'versioned-release-validation-schema.json']) ajv.addSchema(schema(name));
const validateRecordPackage = ajv.compile(schema('record-package-schema.json'));

let nara: TestNara;
let p: ProcurementWorld;
let dismissed: string;
let upheld: string;
const page = async (path: string) => (await nara.app.request(path)).text();
const events = async () => {
  await nara.kernel.transparencyLog.sequenceOnce();
  const { entries } = await nara.kernel.transparencyLog.listEntries(1, 500);
  return entries.map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8')) as { type: string; refs: Record<string, string> });
};

/** A tender with bids from vendors 0 (wins) and 1 (loses), opened. */
async function openedTender(title: string) {
  const t = await p.publish({ title, awardMethod: 'lowest_above_floor', bidDeadline: new Date(nara.clock.now().getTime() + 2 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 2 * HOUR) });
  await p.procurement.submitBid(p.session(p.vendors[0]!.person), t.id, { vendorId: p.vendors[0]!.business, sealed: await p.bid(t, 0, 900_000_000, [1, 2]) });
  await p.procurement.submitBid(p.session(p.vendors[1]!.person), t.id, { vendorId: p.vendors[1]!.business, sealed: await p.bid(t, 1, 950_000_000, [3, 4]) });
  nara.clock.advance(2 * HOUR);
  await p.open(t.id);
  return t.id;
}

before(async () => {
  nara = await createTestNara();
  p = await setUpProcurement(nara);
  dismissed = await openedTender('Resurfacing of provincial road 12');
  upheld = await openedTender('Bridge painting');
});
after(() => nara.close());

describe('award decision, standstill and complaints', () => {
  test('the agency decides the award to the winning bid and the standstill starts', async () => {
    await assert.rejects(p.procurement.decideAward(p.session(p.world.citizen), dismissed), { code: 'forbidden' });
    const decided = await p.procurement.decideAward(p.official(p.world.officialA), dismissed);
    assert.equal(decided.vendorId, p.vendors[0]!.business);
    assert.equal(decided.standstillEndsAt.getTime(), nara.clock.now().getTime() + p.procurement.settings.standstillDays * DAY);
    await assert.rejects(p.procurement.decideAward(p.official(p.world.officialA), dismissed), { code: 'award_already_decided' });
    assert.equal((await p.procurement.awardView(dismissed)).state, 'standstill');
    assert.ok((await page(`/procurement/tenders/${dismissed}/result?lang=en`)).includes('Standstill: bidders may complain until'));
  });

  test('only a bidder may complain; a complaint suspends the award until it is decided, with reasons published', async () => {
    await assert.rejects(p.procurement.fileComplaint(p.session(p.vendors[2]!.person), dismissed, { vendorId: p.vendors[2]!.business, grounds: 'x' }), { code: 'not_a_bidder' });
    await assert.rejects(p.procurement.fileComplaint(p.session(p.world.citizen), dismissed, { vendorId: p.vendors[1]!.business, grounds: 'x' }), { code: 'forbidden' });
    const filed = await p.procurement.fileComplaint(p.session(p.vendors[1]!.person), dismissed, { vendorId: p.vendors[1]!.business, grounds: 'The winner lacks the required paving licence.' });
    assert.equal((await p.procurement.awardView(dismissed)).state, 'suspended');
    // The standstill ends while the complaint is pending: the award stays suspended.
    nara.clock.advance(8 * DAY);
    assert.equal((await p.procurement.awardView(dismissed)).state, 'suspended');
    const suspended = await page(`/procurement/tenders/${dismissed}/result?lang=en`);
    assert.ok(suspended.includes('Suspended: a complaint is being decided.') && suspended.includes('The winner lacks the required paving licence.'));
    await assert.rejects(p.procurement.decideComplaint(p.session(p.vendors[1]!.person), filed.id, { uphold: true, reasons: 'x' }), { code: 'forbidden' });
    await p.procurement.decideComplaint(p.official(p.world.adminA), filed.id, { uphold: false, reasons: 'The licence was checked in the registry on the day of opening.' });
    await assert.rejects(p.procurement.decideComplaint(p.official(p.world.adminA), filed.id, { uphold: true, reasons: 'Again' }), { code: 'complaint_already_decided' });
    assert.equal((await p.procurement.awardView(dismissed)).state, 'final');
    const final = await page(`/procurement/tenders/${dismissed}/result?lang=en`);
    assert.ok(final.includes('Final: the standstill ended') && final.includes('The licence was checked in the registry on the day of opening.') && final.includes('Dismissed'));
    await assert.rejects(p.procurement.fileComplaint(p.session(p.vendors[1]!.person), dismissed, { vendorId: p.vendors[1]!.business, grounds: 'Late' }), { code: 'standstill_over' });
    const vendorPage = await page(`/procurement/vendors/${p.vendors[1]!.business}?lang=ko`);
    assert.ok(vendorPage.includes('기각') && vendorPage.includes('The winner lacks the required paving licence.'));
    const api = await (await nara.app.request(`/api/v1/procurement/tenders/${dismissed}/award`)).json();
    assert.equal(api.state, 'final');
    assert.equal(api.complaints[0].decisionReasons, 'The licence was checked in the registry on the day of opening.');
  });

  test('an upheld complaint annuls the award', async () => {
    await p.procurement.decideAward(p.official(p.world.officialA), upheld);
    const filed = await p.procurement.fileComplaint(p.session(p.vendors[1]!.person), upheld, { vendorId: p.vendors[1]!.business, grounds: 'The price is below cost.' });
    await p.procurement.decideComplaint(p.official(p.world.officialA), filed.id, { uphold: true, reasons: 'The cost breakdown shows an abnormally low price.' });
    assert.equal((await p.procurement.awardView(upheld)).state, 'annulled');
    assert.ok((await page(`/procurement/tenders/${upheld}/result?lang=en`)).includes('Annulled: a complaint was upheld.'));
    const logged = await events();
    for (const type of ['procurement.award-decided', 'procurement.complaint-filed', 'procurement.complaint-dismissed', 'procurement.complaint-upheld']) {
      assert.ok(logged.some((e) => e.type === type), `${type} is logged`);
    }
    assert.ok(logged.filter((e) => e.type.startsWith('procurement.complaint-')).every((e) => /^sha256:[0-9a-f]{64}$/.test(e.refs.groundsSha256 ?? e.refs.reasonsSha256 ?? '')));
  });

  test('the OCDS records carry the decision, the final award and the annulment, and validate', async () => {
    for (const [id, tags, status] of [[dismissed, 'tender,award,awardUpdate,awardUpdate', 'active'], [upheld, 'tender,award,awardUpdate,awardCancellation', 'cancelled']] as const) {
      const pkg = (await (await nara.app.request(`/api/v1/procurement/ocds/records/${id}`)).json()) as { records: { releases: { tag: string[] }[]; compiledRelease: { awards: { status: string }[] } }[] };
      assert.ok(validateRecordPackage(pkg), ajv.errorsText(validateRecordPackage.errors));
      const record = pkg.records[0];
      assert.equal(record?.releases.map((r) => r.tag.join()).join(), tags);
      assert.equal(record?.compiledRelease.awards[0]?.status, status);
    }
  });

  // The markup does not depend on the database, and a browser is slow here: checked in the embedded pass.
  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('the result pages with awards and complaints, and a vendor page with complaints, pass axe', async () => {
    await expectPagesAxeClean(nara.app, [`/procurement/tenders/${dismissed}/result?lang=en`, `/procurement/tenders/${upheld}/result?lang=ko`, `/procurement/vendors/${p.vendors[1]!.business}?lang=en`]);
  });
});
