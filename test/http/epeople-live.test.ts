import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { browserSignedInAs } from '../support/session.js';
import { readUntil } from '../support/sse.js';

let nara: TestNara;
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const nuriOfficial = DEMO_PERSONAS.cityAdminChoiSuJin.personId;

const as = (personId: string) => browserSignedInAs(nara, personId);

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 5 });
});
after(() => nara.close());

describe('e-People live status (server-sent events)', () => {
  test('the case page works without JavaScript and names the stream; the stream tells the filer of a new step', async () => {
    const filer = await as(citizen);
    const res = await filer.postJson('/api/v1/epeople/cases', { type: 'grievance', title: 'Icy steps at the library', content: 'Nobody gritted them.', locationAddress: 'Nuri City', isPublic: false });
    const { case: filed } = (await res.json()) as { case: { id: string } };
    const page = await (await filer.request(`/epeople/cases/${filed.id}?lang=en`)).text();
    const since = /data-live-url="\/epeople\/cases\/cas_[a-z0-9]+\/live\?since=(\d+)"/.exec(page)?.[1];
    assert.ok(since, 'the page names its stream and the step it shows');
    const scriptUrl = /<script type="module" src="(\/assets\/nara\/live\.mjs\?v=[0-9a-f]+)"><\/script>/.exec(page)?.[1];
    assert.ok(scriptUrl, 'the page loads the live-status script');
    assert.match(page, /Sent to Nuri City/, 'the history is in the page itself');
    const script = await filer.request(scriptUrl);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);

    const stream = await filer.request(`/epeople/cases/${filed.id}/live?since=${since}&lang=en`);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const reading = readUntil(stream.body!, /event: update/);
    assert.equal((await (await as(nuriOfficial)).postForm(`/epeople/cases/${filed.id}/assign`)).status, 303);
    const text = await reading;
    assert.match(text, /event: update/);
    const data = JSON.parse(/data: (.*)/.exec(text)![1]!) as { status: string; message: string; lastEventId: number };
    assert.equal(data.status, 'in_progress');
    assert.ok(data.lastEventId > Number(since));
    assert.match(data.message, /An official is handling it. Status: In progress/);
  });

  test('another citizen cannot listen to the case', async () => {
    const filer = await as(citizen);
    const res = await filer.postJson('/api/v1/epeople/cases', { type: 'grievance', title: 'Private', content: 'Mine.', locationAddress: 'Nuri City', isPublic: false });
    const { case: filed } = (await res.json()) as { case: { id: string } };
    const other = await as(DEMO_PERSONAS.citizenLeeSeoYeon.personId);
    assert.equal((await other.request(`/epeople/cases/${filed.id}/live`)).status, 404);
    assert.equal((await nara.app.request(`/epeople/cases/${filed.id}/live`)).status, 303, 'signed out: sent to sign in');
  });
});
