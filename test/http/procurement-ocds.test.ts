import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import { createTestNara, type TestNara } from '../support/nara.js';
import { HOUR, setUpProcurement, type ProcurementWorld } from './procurement-support.js';

/** The OCDS 1.1.5 schemas, vendored with their licence in test/fixtures/ocds-1.1.5. */
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/ocds-1.1.5/${name}`, import.meta.url), 'utf8'));
// A CommonJS module: its class is the default export's `default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('email', (s: string) => /^[^@\s]+@[^@\s]+$/.test(s));
for (const name of ['release-schema.json', 'versioned-release-validation-schema.json']) ajv.addSchema(schema(name));
const validateReleasePackage = ajv.compile(schema('release-package-schema.json'));
const validateRecordPackage = ajv.compile(schema('record-package-schema.json'));
const validateRelease = ajv.getSchema('https://standard.open-contracting.org/schema/1__1__5/release-schema.json')!;

function assertValid(validate: typeof validateRelease, document: unknown, what: string) {
  assert.ok(validate(document), `${what} is not valid OCDS 1.1.5: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

interface Release { ocid: string; id: string; tag: string[]; tender?: Record<string, unknown>; awards?: { status: string; suppliers?: { id: string }[] }[] }

let nara: TestNara;
let p: ProcurementWorld;
const ids: Record<'opened' | 'amended' | 'cancelled' | 'plain', string> = { opened: '', amended: '', cancelled: '', plain: '' };
const get = async (path: string) => {
  const res = await nara.app.request(path);
  assert.equal(res.status, 200, path);
  return res.json();
};

before(async () => {
  nara = await createTestNara();
  p = await setUpProcurement(nara);
  const later = { bidDeadline: new Date(nara.clock.now().getTime() + 48 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 48 * HOUR) };
  const opened = await p.publish();
  ids.opened = opened.id;
  ids.amended = (await p.publish({ title: 'School laptops', kind: 'goods', awardMethod: 'lowest_above_floor', ...later })).id;
  ids.cancelled = (await p.publish({ title: 'Bridge painting', ...later })).id;
  ids.plain = (await p.publish({ title: 'Office cleaning', kind: 'services', items: [], ...later })).id;
  await p.procurement.submitBid(p.session(p.vendors[0]!.person), opened.id, { vendorId: p.vendors[0]!.business, sealed: await p.bid(opened, 0, 905_000_000, [3, 4]) });
  await p.procurement.submitBid(p.session(p.vendors[1]!.person), opened.id, { vendorId: p.vendors[1]!.business, sealed: await p.bid(opened, 1, 100, [1, 2]) });
  await p.procurement.amendTender(p.official(p.world.officialA), ids.amended, { summary: 'Typo in item 2', changesRequirements: false });
  await p.procurement.amendTender(p.official(p.world.officialA), ids.amended, { summary: 'Screens of 14 to 16 inches', changesRequirements: true });
  await p.procurement.cancelTender(p.official(p.world.officialA), ids.cancelled, 'The budget was withdrawn.');
  nara.clock.advance(2 * HOUR);
  await p.open(opened.id);
});
after(() => nara.close());

describe('OCDS 1.1 output', () => {
  test('every release package, page and bulk download validates against the OCDS 1.1.5 schema', async () => {
    for (const path of ['/api/v1/procurement/ocds/releases', '/api/v1/procurement/ocds/bulk/releases.json']) {
      const pkg = await get(path);
      assertValid(validateReleasePackage, pkg, path);
      for (const release of pkg.releases) assertValid(validateRelease, release, `${path} ${release.id}`);
    }
  });

  test('every record package validates, and each compiled release is a valid release', async () => {
    const paths = ['/api/v1/procurement/ocds/records', '/api/v1/procurement/ocds/bulk/records.json', ...Object.values(ids).map((id) => `/api/v1/procurement/ocds/records/${id}`)];
    for (const path of paths) {
      const pkg = await get(path);
      assertValid(validateRecordPackage, pkg, path);
      for (const record of pkg.records) assertValid(validateRelease, record.compiledRelease, `${path} compiled ${record.ocid}`);
    }
  });

  test('a release at each stage carries its tag, and the record compiles them into the current state', async () => {
    const pkg = await get('/api/v1/procurement/ocds/bulk/releases.json');
    const tagsOf = (id: string) => (pkg.releases as Release[]).filter((r) => r.ocid.endsWith(id)).map((r) => r.tag.join());
    assert.deepEqual(tagsOf(ids.plain), ['tender']);
    assert.deepEqual(tagsOf(ids.amended), ['tender', 'tenderAmendment', 'tenderAmendment']);
    assert.deepEqual(tagsOf(ids.cancelled), ['tender', 'tenderCancellation']);
    assert.deepEqual(tagsOf(ids.opened), ['tender', 'award']);
    assert.equal(new Set((pkg.releases as Release[]).map((r) => r.id)).size, pkg.releases.length, 'release ids are unique');

    const tender = (await get(`/api/v1/procurement/ocds/records/${ids.opened}`)).records[0];
    assert.equal(tender.ocid, `ocds-nara00-${ids.opened}`);
    const compiled = tender.compiledRelease;
    assert.deepEqual(compiled.tag, ['compiled']);
    assert.equal(compiled.tender.status, 'complete');
    assert.deepEqual(compiled.tender.items.map((i: { classification: { id: string } }) => i.classification.id), ['72141103', '72141120']);
    assert.equal(compiled.tender.numberOfTenderers, 2);
    assert.equal(compiled.awards[0].status, 'pending');
    assert.deepEqual(compiled.awards[0].suppliers, [{ id: p.vendors[0]!.business, name: 'Acme Ltd' }]);
    assert.equal(compiled.awards[0].value.amount, 905_000_000);

    const amended = (await get(`/api/v1/procurement/ocds/records/${ids.amended}`)).records[0];
    const first = amended.releases[0].tender.tenderPeriod.endDate;
    assert.ok(amended.compiledRelease.tender.tenderPeriod.endDate > first, 'the requirement change moved the deadline');
    assert.deepEqual(amended.compiledRelease.tender.amendments.map((a: { rationale: string }) => a.rationale), ['Typo in item 2', 'Screens of 14 to 16 inches']);
    const cancelled = (await get(`/api/v1/procurement/ocds/records/${ids.cancelled}`)).records[0];
    assert.equal(cancelled.compiledRelease.tender.status, 'cancelled');
    assert.equal(cancelled.compiledRelease.tender.statusDetails, 'The budget was withdrawn.');
    assert.equal(cancelled.compiledRelease.tender.title, 'Bridge painting');
  });

  test('releases are stable: the same release reads the same later', async () => {
    const once = await get(`/api/v1/procurement/ocds/records/${ids.amended}`);
    nara.clock.advance(HOUR);
    const again = await get(`/api/v1/procurement/ocds/records/${ids.amended}`);
    assert.deepEqual(again.records[0].releases, once.records[0].releases);
  });

  test('pages end where the data ends; a bulk download is an attachment; an unknown process is 404', async () => {
    const first = await get('/api/v1/procurement/ocds/releases');
    assert.equal(first.links, undefined, 'one page of four processes has no next page');
    // A package holds at least one release, so there is no empty page.
    assert.equal((await nara.app.request('/api/v1/procurement/ocds/releases?page=2')).status, 404);
    const bulk = await nara.app.request('/api/v1/procurement/ocds/bulk/records.json');
    assert.match(bulk.headers.get('content-disposition') ?? '', /attachment; filename="nara-ocds-records.json"/);
    const missing = await nara.app.request('/api/v1/procurement/ocds/records/tnd_doesnotexist0');
    assert.equal(missing.status, 404);
    assert.equal((await nara.app.request('/api/v1/procurement/ocds/releases?page=0')).status, 422);
  });
});
