import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations, launchBrowser, noScriptContext } from '../e2e/support/browser.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { browserSignedInAs } from '../support/session.js';
import { serveOnLoopback } from '../support/serve.js';

let nara: TestNara;
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;

const as = (personId: string) => browserSignedInAs(nara, personId);

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
});
after(() => nara.close());

describe('e-People: a place as an address or a map point', () => {
  let caseId: string;

  test('the location page takes a map point without JavaScript, checking both coordinates and their ranges', async () => {
    const browser = await as(citizen);
    for (const [step, fields] of [
      ['type', { type: 'grievance' }],
      ['agency', { agencyId: '' }],
      ['details', { title: 'Fallen tree', content: 'A tree blocks the footpath by the river.' }],
    ] as const) assert.equal((await browser.postForm(`/epeople/file/${step}`, fields)).status, 303);
    const page = await (await browser.request('/epeople/file/location?lang=en')).text();
    assert.match(page, /name="locationLat"[^>]*inputmode="decimal"|inputmode="decimal"[^>]*name="locationLat"/);
    const outOfRange = await browser.postForm('/epeople/file/location?lang=en', { locationAddress: '', locationLat: '95', locationLon: '126.978' });
    assert.equal(outOfRange.status, 422);
    const outText = await outOfRange.text();
    assert.match(outText, /Enter a latitude from -90 to 90/);
    assert.match(outText, /value="95"/, 'what was typed comes back');
    const half = await browser.postForm('/epeople/file/location?lang=en', { locationAddress: '', locationLat: '37.5665', locationLon: '' });
    assert.equal(half.status, 422);
    assert.match(await half.text(), /Enter a longitude from -180 to 180, with its latitude/);
    const words = await browser.postForm('/epeople/file/location?lang=en', { locationAddress: '', locationLat: 'north', locationLon: 'east' });
    assert.equal(words.status, 422);
    // A comma as the decimal point is accepted, as many locales write it.
    assert.equal((await browser.postForm('/epeople/file/location', { locationAddress: 'Riverside path, Nuri City', locationLat: '37,5665', locationLon: '126.978' })).status, 303);
    assert.equal((await browser.postForm('/epeople/file/disclosure', { isPublic: 'yes' })).status, 303);
    const check = await (await browser.request('/epeople/file/check?lang=en')).text();
    assert.match(check, /Map point/);
    assert.match(check, /latitude 37\.5665, longitude 126\.978/);
    const submitted = await browser.postForm('/epeople/file/submit');
    caseId = /\/epeople\/cases\/(cas_[a-z0-9]+)\/receipt$/.exec(submitted.headers.get('location') ?? '')![1]!;
    const casePage = await (await browser.request(`/epeople/cases/${caseId}?lang=en`)).text();
    assert.match(casePage, /latitude 37\.5665, longitude 126\.978/);
    assert.match(casePage, /openstreetmap\.org\/\?mlat=37\.5665&amp;mlon=126\.978/);
    const json = (await (await browser.request(`/api/v1/epeople/cases/${caseId}`)).json()) as { locationAddress: string; locationLat: number; locationLon: number };
    assert.deepEqual([json.locationAddress, json.locationLat, json.locationLon], ['Riverside path, Nuri City', 37.5665, 126.978]);
  });

  test('the JSON API needs both coordinates, each in range', async () => {
    const browser = await as(citizen);
    const base = { type: 'grievance', title: 'Pothole', content: 'A deep pothole.', isPublic: false };
    for (const point of [{ locationLat: 37.5 }, { locationLat: 91, locationLon: 127 }, { locationLat: 37.5, locationLon: -181 }]) {
      const res = await browser.postJson('/api/v1/epeople/cases', { ...base, ...point });
      assert.equal(res.status, 422, JSON.stringify(point));
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
    const ok = await browser.postJson('/api/v1/epeople/cases', { ...base, locationLat: -33.8688, locationLon: 151.2093 });
    assert.equal(ok.status, 201);
    const filed = ((await ok.json()) as { case: { locationLat: number; locationLon: number } }).case;
    assert.deepEqual([filed.locationLat, filed.locationLon], [-33.8688, 151.2093]);
  });

  test('Open311 takes lat/long on POST and shows them on the published request', async () => {
    const browser = await as(citizen);
    const bad = await browser.postForm('/open311/v2/requests.json', { service_code: 'grievance', description: 'Broken bench', lat: '200', long: '127', nara_public: 'true' });
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    const res = await browser.postForm('/open311/v2/requests.json', { service_code: 'grievance', description: 'Broken bench in the park', lat: '37.4979', long: '127.0276', nara_public: 'true' });
    assert.equal(res.status, 201);
    const [{ service_request_id: id }] = (await res.json()) as [{ service_request_id: string }];
    const [published] = (await (await nara.app.request(`/open311/v2/requests/${id}.json`)).json()) as [{ lat: number | null; long: number | null }];
    assert.deepEqual([published.lat, published.long], [37.4979, 127.0276]);
    const [ours] = (await (await nara.app.request(`/open311/v2/requests/${caseId}.json`)).json()) as [{ lat: number | null; long: number | null; address: string }];
    assert.deepEqual([ours.lat, ours.long], [37.5665, 126.978]);
  });

  test('the location page (with errors) and the case page with a map point pass axe', async () => {
    const browser = await launchBrowser();
    const served = await serveOnLoopback(nara.app);
    try {
      const context = await noScriptContext(browser);
      await context.addCookies([{ name: 'nara_session', value: (await nara.kernel.identity.sessions.issueSession(citizen)).token, url: served.base }]);
      const tab = await context.newPage();
      await tab.goto(`${served.base}/epeople/file/location?lang=en`);
      await expectNoAxeViolations(tab);
      await tab.fill('#locationLat', '99');
      await tab.click('button.govuk-button');
      assert.match(await tab.locator('main').innerText(), /Enter a latitude from -90 to 90/);
      await expectNoAxeViolations(tab);
      await tab.goto(`${served.base}/epeople/cases/${caseId}?lang=ko`);
      await expectNoAxeViolations(tab);
    } finally {
      await browser.close();
      await served.close();
    }
  });
});
