import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestNara, type TestNara } from '../../../test/support/nara.js';
import { inTransaction } from '../db/database.js';
import { Browser, seedSmallWorld, type SmallWorld } from '../identity/identity.test-support.js';
import { findJob } from './jobs.repository.js';

let nara: TestNara;
let world: SmallWorld;
let deadJobId: number;

async function signedInAs(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

before(async () => {
  nara = await createTestNara();
  world = await seedSmallWorld(nara.kernel);
  nara.kernel.jobs.handle('test.always-fails', async () => {
    throw new Error('the registry at the other end is down');
  });
  const { id } = await inTransaction(nara.kernel.db, (tx) => nara.kernel.jobs.enqueue(tx, { type: 'test.always-fails', maxAttempts: 1 }));
  deadJobId = id;
  await nara.kernel.jobs.createRunner().drain();
});
after(() => nara.close());

describe('/admin/jobs', () => {
  test('signed out: the page sends you to sign in, the API answers 401', async () => {
    const page = await nara.app.request('/admin/jobs');
    assert.equal(page.status, 303);
    assert.match(page.headers.get('location') ?? '', /^\/sign-in\?next=%2Fadmin%2Fjobs/);
    const api = await nara.app.request('/api/v1/admin/jobs');
    assert.equal(api.status, 401);
    assert.equal((await api.json()).code, 'unauthenticated');
  });

  test('a citizen is refused with 403', async () => {
    const browser = await signedInAs(world.citizen);
    assert.equal((await browser.request('/admin/jobs')).status, 403);
    assert.equal((await browser.request('/api/v1/admin/jobs')).status, 403);
  });

  test('a platform administrator sees counts and the dead job with its error, and can retry it', async () => {
    const browser = await signedInAs(world.platformAdmin);
    const page = await browser.request('/admin/jobs?lang=en');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Background jobs/);
    assert.match(html, /the registry at the other end is down/);
    assert.match(html, new RegExp(`action="/admin/jobs/${deadJobId}/retry"`));

    const api = await browser.request('/api/v1/admin/jobs');
    assert.equal(api.status, 200);
    const body = await api.json();
    assert.equal(body.counts.dead, 1);
    assert.equal(body.failing[0].id, deadJobId);
    assert.equal(body.failing[0].lastError, 'Error: the registry at the other end is down');

    const retried = await browser.postForm(`/admin/jobs/${deadJobId}/retry`);
    assert.equal(retried.status, 303);
    assert.equal(retried.headers.get('location'), `/admin/jobs?retried=${deadJobId}`);
    assert.equal((await findJob(nara.kernel.db, deadJobId))?.state, 'queued');
    const after = await browser.request(`/admin/jobs?retried=${deadJobId}&lang=ko`);
    assert.match(await after.text(), new RegExp(`작업 ${deadJobId}이\\(가\\) 곧 다시 실행됩니다`));
  });

  test('a platform-wide auditor may look but not retry', async () => {
    const browser = await signedInAs(world.auditor);
    assert.equal((await browser.request('/admin/jobs')).status, 200);
    assert.equal((await browser.postForm(`/admin/jobs/${deadJobId}/retry`)).status, 403);
  });

  test('retrying without the form token is refused', async () => {
    const browser = await signedInAs(world.platformAdmin);
    const res = await browser.request(`/admin/jobs/${deadJobId}/retry`, { method: 'POST' });
    assert.equal(res.status, 403);
  });

  test('the JSON endpoint is in the OpenAPI document', async () => {
    const doc = await (await nara.app.request('/api/openapi.json')).json();
    assert.ok(doc.paths['/api/v1/admin/jobs']?.get);
    assert.ok(doc.components.schemas.JobsOverview);
  });
});
