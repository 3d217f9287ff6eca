import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase } from '../../../test/support/database.js';
import { fixedClock } from '../clock.js';
import { inTransaction, type DatabaseHandle } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { createLogger } from '../http/logger.js';
import { createKernel, kernelMigrationSources, type Kernel } from '../kernel.js';
import { findJob } from '../jobs/jobs.repository.js';
import { testConfig } from '../../../test/support/nara.js';
import { DevelopmentFileMailer } from './notifications.mailers.js';
import { INBOX_PAGE_SIZE, inboxPage, markAllRead, markRead, unreadCount } from './notifications.service.js';

/** Subject and text of an .eml file the development mailer wrote (base64 / quoted-printable). */
function readEml(file: string): { to: string; subject: string; text: string } {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.indexOf('\n\n');
  const headers = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1] ?? '';
  const decodeWords = (v: string) =>
    v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
    );
  const body = raw.slice(split + 2);
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQp(body.replace(/=\n/g, '')) : body;
  return { to: header('To'), subject: decodeWords(header('Subject')), text };
}
function decodeQp(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

let database: DatabaseHandle;
let kernel: Kernel;
let outbox: string;
const clock = fixedClock(new Date('2026-03-02T00:00:00Z'));
const outboxFiles = () => (fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort() : []);

before(async () => {
  database = await createTestDatabase();
  await migrate(database.db, kernelMigrationSources);
  outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-outbox-'));
  kernel = createKernel({
    config: testConfig(),
    database,
    modules: [],
    clock,
    logger: createLogger('silent'),
    emailSender: new DevelopmentFileMailer(outbox, 'Nara <no-reply@nara.test>'),
  });
});
after(async () => {
  await database.close();
  fs.rmSync(outbox, { recursive: true, force: true });
});

const welcome = (personId: string) => ({
  personId,
  template: 'notifications.welcome',
  params: { name: '김민지', serviceName: '나라' },
  channels: ['inbox' as const, 'email' as const],
});

describe('notify', () => {
  test('writes the inbox row and an email job; the runner mails it in the recipient’s language', async () => {
    const person = await kernel.identity.createPerson({ givenName: '민지', familyName: '김', email: 'minji@example.test', locale: 'ko' });
    const sent = await inTransaction(kernel.db, (tx) => kernel.notifications.notify(tx, welcome(person)));
    assert.ok(sent.notificationId);
    assert.ok(sent.emailJobId);
    assert.equal(await unreadCount(kernel.db, person), 1);
    assert.equal(await kernel.notifications.unreadCount(person), 1);
    assert.equal((await findJob(kernel.db, sent.emailJobId))?.state, 'queued');
    assert.deepEqual(outboxFiles(), [], 'nothing is sent inside the request');

    assert.equal(await kernel.jobs.createRunner().drain(), 1);
    const files = outboxFiles();
    assert.equal(files.length, 1);
    const mail = readEml(path.join(outbox, files[0]!));
    assert.equal(mail.to, 'minji@example.test');
    assert.equal(mail.subject, '나라에 오신 것을 환영합니다');
    assert.match(mail.text, /김민지님, 안녕하세요/);
    assert.match(mail.text, /\/inbox/);
    assert.equal((await findJob(kernel.db, sent.emailJobId))?.state, 'done');
  });

  test('the email uses the language the person prefers when it is sent', async () => {
    const person = await kernel.identity.createPerson({ givenName: 'Jisoo', familyName: 'Lee', email: 'jisoo@example.test', locale: 'ko' });
    await inTransaction(kernel.db, (tx) => kernel.notifications.notify(tx, { ...welcome(person), params: { name: 'Jisoo', serviceName: 'Nara' } }));
    await kernel.identity.updateContact(person, { locale: 'en' });
    const before = outboxFiles();
    await kernel.jobs.createRunner().drain();
    const added = outboxFiles().filter((f) => !before.includes(f));
    assert.equal(added.length, 1);
    const mail = readEml(path.join(outbox, added[0]!));
    assert.equal(mail.subject, 'Welcome to Nara');
    assert.match(mail.text, /Hello Jisoo\. Your account is ready\./);
  });

  test('a person may prefer any of the 14 languages; a Russian speaker is mailed in Russian', async () => {
    const person = await kernel.identity.createPerson({ givenName: 'Ольга', familyName: 'Ким', email: 'olga@example.test', locale: 'ru' });
    await inTransaction(kernel.db, (tx) => kernel.notifications.notify(tx, { ...welcome(person), params: { name: 'Ольга', serviceName: 'Nara' } }));
    const before = outboxFiles();
    await kernel.jobs.createRunner().drain();
    const added = outboxFiles().filter((f) => !before.includes(f));
    assert.equal(added.length, 1);
    const mail = readEml(path.join(outbox, added[0]!));
    assert.equal(mail.subject, 'Добро пожаловать в Nara');
    assert.match(mail.text, /Здравствуйте, Ольга\. Ваша учётная запись готова\./);
    await kernel.identity.updateContact(person, { locale: 'zh-Hans' });
    await assert.rejects(kernel.identity.updateContact(person, { locale: 'fr' as never }));
  });

  test('a notification made in a rolled-back transaction leaves no inbox row and no email', async () => {
    const person = await kernel.identity.createPerson({ givenName: '서연', familyName: '최', email: 'seo@example.test', locale: 'ko' });
    await assert.rejects(
      inTransaction(kernel.db, async (tx) => {
        await kernel.notifications.notify(tx, welcome(person));
        throw new Error('the petition could not be saved');
      }),
    );
    assert.equal(await unreadCount(kernel.db, person), 0);
    const before = outboxFiles();
    assert.equal(await kernel.jobs.createRunner().drain(), 0);
    assert.deepEqual(outboxFiles(), before);
  });

  test('a person without an email address gets the inbox entry only', async () => {
    const person = await kernel.identity.createPerson({ givenName: '도윤', familyName: '정', locale: 'ko' });
    const sent = await inTransaction(kernel.db, (tx) => kernel.notifications.notify(tx, welcome(person)));
    const before = outboxFiles();
    await kernel.jobs.createRunner().drain();
    assert.deepEqual(outboxFiles(), before);
    assert.equal((await findJob(kernel.db, sent.emailJobId!))?.state, 'done');
    assert.equal(await unreadCount(kernel.db, person), 1);
  });

  test('an unknown template is a programming error, caught at notify time', async () => {
    const person = await kernel.identity.createPerson({ givenName: '하준', familyName: '윤', locale: 'ko' });
    await assert.rejects(
      inTransaction(kernel.db, (tx) => kernel.notifications.notify(tx, { personId: person, template: 'notifications.noSuchThing' })),
      /has no "notifications.noSuchThing.subject" message/,
    );
  });
});

describe('the inbox', () => {
  test('is newest first, paginated, and marks read only the owner’s notifications', async () => {
    const person = await kernel.identity.createPerson({ givenName: '지우', familyName: '한', locale: 'ko' });
    const other = await kernel.identity.createPerson({ givenName: '예준', familyName: '서', locale: 'ko' });
    const ids: string[] = [];
    for (let i = 0; i < INBOX_PAGE_SIZE + 3; i++) {
      clock.advance(60_000);
      const sent = await inTransaction(kernel.db, (tx) =>
        kernel.notifications.notify(tx, { personId: person, template: 'notifications.passkeyAdded', params: { nickname: `key ${i}` } }),
      );
      ids.push(sent.notificationId!);
    }
    const first = await inboxPage(kernel.db, person, 1);
    assert.equal(first.total, INBOX_PAGE_SIZE + 3);
    assert.equal(first.pageCount, 2);
    assert.equal(first.items[0]?.id, ids.at(-1), 'newest first');
    assert.deepEqual(first.items[0]?.params, { nickname: `key ${INBOX_PAGE_SIZE + 2}` });
    const second = await inboxPage(kernel.db, person, 2);
    assert.equal(second.items.length, 3);
    assert.equal(second.items.at(-1)?.id, ids[0]);
    assert.equal((await inboxPage(kernel.db, person, 99)).page, 2, 'a page past the end shows the last one');

    await markRead(kernel.db, clock, other, ids[0]!);
    await markRead(kernel.db, clock, person, 'not-a-uuid');
    assert.equal(await unreadCount(kernel.db, person), INBOX_PAGE_SIZE + 3, 'nobody else can mark it');
    await markRead(kernel.db, clock, person, ids[0]!);
    assert.equal(await unreadCount(kernel.db, person), INBOX_PAGE_SIZE + 2);
    assert.equal(await markAllRead(kernel.db, clock, person), INBOX_PAGE_SIZE + 2);
    assert.equal(await unreadCount(kernel.db, person), 0);
  });
});
