import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';

/** GeoReport v2 field definitions (wiki.open311.org/GeoReport_v2), as the responses must meet them. */
const w3cDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/);
const serviceSchema = z.object({
  service_code: z.string().min(1),
  service_name: z.string().min(1),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
const definitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(z.object({ variable: z.boolean(), code: z.string(), datatype: z.string(), required: z.boolean(), description: z.string(), order: z.number() })),
});
const requestSchema = z.object({
  service_request_id: z.string().min(1),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: w3cDateTime,
  updated_datetime: w3cDateTime.nullable(),
  expected_datetime: w3cDateTime.nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
  // Nara's documented extensions.
  nara_legal_type: z.string(),
  nara_due_datetime: w3cDateTime,
  nara_extensions: z.number().int(),
  nara_transfers: z.number().int(),
});
const postResponseSchema = z.array(z.object({ service_request_id: z.string(), service_notice: z.string().nullable(), account_id: z.string().nullable() })).length(1);

let nara: TestNara;

const getJson = async (path: string) => {
  const res = await nara.app.request(path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as unknown };
};

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 20 });
});
after(() => nara.close());

describe('Open311 GeoReport v2', () => {
  test('services.json lists one service per case type, with the legal period as an extension', async () => {
    const { status, body } = await getJson('/open311/v2/services.json?lang=en');
    assert.equal(status, 200);
    const services = z.array(serviceSchema.extend({ nara_period: z.object({ unit: z.string(), amount: z.number() }) })).parse(body);
    assert.equal(services.length, 9);
    const grievance = services.find((s) => s.service_code === 'grievance')!;
    assert.equal(grievance.service_name, 'Grievance (complaint)');
    assert.deepEqual(grievance.nara_period, { unit: 'days', amount: 7 });
    assert.deepEqual(services.find((s) => s.service_code === 'certificate')!.nara_period, { unit: 'working_hours', amount: 3 });
  });

  test('services/{code}.json gives the definition; unknown codes and other formats are 404 problems', async () => {
    const { status, body } = await getJson('/open311/v2/services/grievance.json');
    assert.equal(status, 200);
    assert.equal(definitionSchema.parse(body).service_code, 'grievance');
    const unknown = await getJson('/open311/v2/services/nonsense.json');
    assert.equal(unknown.status, 404);
    assert.match(unknown.type, /application\/problem\+json/);
    assert.equal((await nara.app.request('/open311/v2/services/grievance.xml')).status, 404);
  });

  test('requests.json lists the published demo cases in GeoReport fields, filtered by status, service and date', async () => {
    const all = z.array(requestSchema).parse((await getJson('/open311/v2/requests.json?lang=en')).body);
    assert.equal(all.length, 5);
    assert.ok(all.every((r) => /^EP-2026-\d{6}$/.test(r.service_notice ?? '')));
    const closed = z.array(requestSchema).parse((await getJson('/open311/v2/requests.json?status=closed')).body);
    assert.equal(closed.length, 3);
    assert.ok(closed.every((r) => r.status === 'closed' && r.status_notes));
    const proposals = z.array(requestSchema).parse((await getJson('/open311/v2/requests.json?service_code=proposal')).body);
    assert.deepEqual(proposals.map((r) => r.description?.split('\n')[0]), ['More bicycle racks at Sollae library']);
    const february = z.array(requestSchema).parse((await getJson('/open311/v2/requests.json?start_date=2026-02-01T00:00:00%2B09:00&end_date=2026-02-28T23:59:59%2B09:00')).body);
    assert.equal(february.length, 3);
    const bad = await getJson('/open311/v2/requests.json?status=pending');
    assert.equal(bad.status, 422);
    assert.match(bad.type, /application\/problem\+json/);
    assert.equal((await getJson('/open311/v2/requests.json?start_date=yesterday')).status, 422);
  });

  test('POST requests.json files a case for the signed-in person; requests/{id}.json shows it, routed, with its due time', async () => {
    const browser = new Browser(nara.app);
    browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(DEMO_PERSONAS.citizenKimMinJun.personId)).token);
    const res = await browser.postForm('/open311/v2/requests.json?lang=en', {
      service_code: 'grievance',
      description: 'Overflowing bins on Station-gil\nThey have not been emptied for ten days.',
      address_string: 'Daon City, Station-gil 7',
      nara_public: 'true',
    });
    assert.equal(res.status, 201);
    const [created] = postResponseSchema.parse(await res.json());
    const one = await getJson(`/open311/v2/requests/${created!.service_request_id}.json?lang=en`);
    assert.equal(one.status, 200);
    const [request] = z.array(requestSchema).length(1).parse(one.body);
    assert.equal(request!.status, 'open');
    assert.equal(request!.agency_responsible, 'Daon City');
    assert.equal(request!.expected_datetime, '2026-03-11T09:00:00.000Z');
    assert.equal(request!.nara_transfers, 0);

    const privately = await browser.postForm('/open311/v2/requests.json', { service_code: 'grievance', description: 'Private matter', nara_public: 'false' });
    const [hidden] = postResponseSchema.parse(await privately.json());
    assert.equal((await getJson(`/open311/v2/requests/${hidden!.service_request_id}.json`)).status, 404, 'unpublished cases are not listed');
    const invalid = await browser.postForm('/open311/v2/requests.json', { service_code: 'nonsense', description: '' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});
