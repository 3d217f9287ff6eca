import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestNara, type TestNara } from '../../../test/support/nara.js';
import { inTransaction } from '../db/database.js';
import { Browser, seedSmallWorld, type SmallWorld } from '../identity/identity.test-support.js';
import { unreadCount } from './notifications.service.js';

let nara: TestNara;
let world: SmallWorld;
const ids: string[] = [];

async function signedInAs(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

before(async () => {
  nara = await createTestNara();
  world = await seedSmallWorld(nara.kernel);
  for (const nickname of ['Office laptop', 'Phone']) {
    nara.clock.advance(60_000);
    const sent = await inTransaction(nara.kernel.db, (tx) =>
      nara.kernel.notifications.notify(tx, { personId: world.citizen, template: 'notifications.passkeyAdded', params: { nickname } }),
    );
    ids.push(sent.notificationId!);
  }
});
after(() => nara.close());

describe('/inbox', () => {
  test('signed out, it sends you to sign in', async () => {
    const res = await nara.app.request('/inbox');
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/sign-in\?next=%2Finbox/);
  });

  test('shows my notifications newest first in the page language, unread marked', async () => {
    const browser = await signedInAs(world.citizen);
    const en = await (await browser.request('/inbox?lang=en')).text();
    assert.match(en, /You have 2 unread notifications\./);
    assert.ok(en.indexOf('“Phone”') < en.indexOf('“Office laptop”'), 'newest first');
    assert.equal(en.match(/>New</g)?.length, 2);
    const ko = await (await browser.request('/inbox?lang=ko')).text();
    assert.match(ko, /계정에 패스키가 추가되었습니다/);
    assert.match(ko, /읽지 않은 알림이 2건 있습니다/);
  });

  test('someone else sees an empty inbox', async () => {
    const browser = await signedInAs(world.vendor);
    assert.match(await (await browser.request('/inbox?lang=en')).text(), /You have no notifications yet/);
  });

  test('mark one as read, then all, with forms that work without JavaScript', async () => {
    const browser = await signedInAs(world.citizen);
    await browser.request('/inbox');
    const one = await browser.postForm(`/inbox/${ids[0]}/read`);
    assert.equal(one.status, 303);
    assert.equal(one.headers.get('location'), '/inbox');
    assert.equal(await unreadCount(nara.kernel.db, world.citizen), 1);
    assert.equal((await browser.postForm(`/inbox/${ids[0]}/read`)).status, 303, 'again is harmless');
    const all = await browser.postForm('/inbox/read-all');
    assert.equal(all.headers.get('location'), '/inbox?done=all');
    assert.equal(await unreadCount(nara.kernel.db, world.citizen), 0);
    const page = await (await browser.request('/inbox?done=all&lang=en')).text();
    assert.match(page, /All your notifications are marked as read\./);
    assert.doesNotMatch(page, />New</);
  });

  test('a bad page number or id never breaks the page', async () => {
    const browser = await signedInAs(world.citizen);
    assert.equal((await browser.request('/inbox?page=abc')).status, 200);
    assert.equal((await browser.request('/inbox?page=-4')).status, 200);
    assert.equal((await browser.postForm('/inbox/%27%3B--/read')).status, 303);
  });
});
