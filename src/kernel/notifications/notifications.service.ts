import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { Logger } from '../http/logger.js';
import type { I18n, TranslateValues } from '../i18n/i18n.js';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales.js';
import type { Jobs } from '../jobs/jobs.kernel.js';
import { PermanentJobError, type JobHandler } from '../jobs/jobs.service.js';
import type { EmailSender } from './notifications.mailers.js';
import {
  countNotificationsOf,
  countUnreadOf,
  insertNotification,
  insertNotifications,
  listNotificationsOf,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.repository.js';
import type { NotificationRow } from './notifications.tables.js';

export type Channel = 'inbox' | 'email';

export interface NotifyInput {
  personId: string;
  /**
   * A message key prefix: the catalogues hold `<template>.subject` and `<template>.body`
   * (e.g. `notifications.welcome`, `petitions.signatureConfirmed`).
   */
  template: string;
  params?: TranslateValues;
  /** Default: inbox only. */
  channels?: Channel[];
}

export const EMAIL_JOB = 'notifications.email';

/** Who an email goes to, as the identity directory knows them. */
export interface Recipient {
  email: string | null;
  locale: Locale;
}

export type FindRecipient = (personId: string) => Promise<Recipient | undefined>;

const emailPayload = z.object({
  personId: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

export interface NotificationsDeps {
  clock: Clock;
  logger: Logger;
  i18n: I18n;
  jobs: Pick<Jobs, 'enqueue' | 'enqueueMany' | 'handle'>;
  emailSender: EmailSender;
  findRecipient: FindRecipient;
  publicUrl: string;
}

/** Unread notifications of a person, for the header badge. */
export function unreadCount(db: DbOrTx, personId: string): Promise<number> {
  return countUnreadOf(db, personId);
}

export interface InboxPage {
  items: NotificationRow[];
  page: number;
  pageCount: number;
  total: number;
}

export const INBOX_PAGE_SIZE = 20;

export async function inboxPage(db: DbOrTx, personId: string, page: number): Promise<InboxPage> {
  const total = await countNotificationsOf(db, personId);
  const pageCount = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const items = await listNotificationsOf(db, personId, { limit: INBOX_PAGE_SIZE, offset: (current - 1) * INBOX_PAGE_SIZE });
  return { items, page: current, pageCount, total };
}

export async function markRead(db: DbOrTx, clock: Clock, personId: string, id: string): Promise<void> {
  // Marking someone else's (or an already read) notification changes nothing and reveals nothing.
  if (!z.uuid().safeParse(id).success) return;
  await markNotificationRead(db, personId, id, clock.now());
}

export async function markAllRead(db: DbOrTx, clock: Clock, personId: string): Promise<number> {
  return markAllNotificationsRead(db, personId, clock.now());
}

export function createNotificationsService(deps: NotificationsDeps) {
  const { clock, i18n, jobs } = deps;

  function assertTemplate(template: string): void {
    for (const part of ['subject', 'body']) {
      if (!i18n.has(DEFAULT_LOCALE, `${template}.${part}`)) {
        throw new Error(`Notification template "${template}" has no "${template}.${part}" message in the ${DEFAULT_LOCALE} catalogue.`);
      }
    }
  }

  /** Writes the inbox row and enqueues the email in the caller's transaction. */
  async function notify(tx: Tx, input: NotifyInput): Promise<{ notificationId: string | null; emailJobId: number | null }> {
    assertTemplate(input.template);
    const channels = new Set(input.channels ?? ['inbox']);
    const params = input.params ?? {};
    let notificationId: string | null = null;
    if (channels.has('inbox')) {
      notificationId = randomUUID();
      await insertNotification(tx, { id: notificationId, personId: input.personId, template: input.template, params, now: clock.now() });
    }
    let emailJobId: number | null = null;
    if (channels.has('email')) {
      const job = await jobs.enqueue(tx, {
        type: EMAIL_JOB,
        payload: { personId: input.personId, template: input.template, params },
        ...(notificationId ? { key: notificationId } : {}),
      });
      emailJobId = job.id;
    }
    return { notificationId, emailJobId };
  }

  /** notify for several notices in two statements (inbox rows, email jobs): group commit. */
  async function notifyMany(tx: Tx, inputs: NotifyInput[]): Promise<void> {
    const now = clock.now();
    const rows: Parameters<typeof insertNotifications>[1] = [];
    const emails: { type: string; payload: unknown; key?: string }[] = [];
    for (const input of inputs) {
      assertTemplate(input.template);
      const channels = new Set(input.channels ?? ['inbox']);
      const params = input.params ?? {};
      const id = channels.has('inbox') ? randomUUID() : null;
      if (id) rows.push({ id, personId: input.personId, template: input.template, params, now });
      if (channels.has('email')) emails.push({ type: EMAIL_JOB, payload: { personId: input.personId, template: input.template, params }, ...(id ? { key: id } : {}) });
    }
    await insertNotifications(tx, rows);
    await jobs.enqueueMany(tx, emails);
  }

  /** Renders in the recipient's own language at send time, so a later language change counts. */
  const sendEmail: JobHandler = async (job, { logger }) => {
    const parsed = emailPayload.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError(`The email job payload is not valid: ${parsed.error.message}`);
    const { personId, template, params } = parsed.data;
    const recipient = await deps.findRecipient(personId);
    if (!recipient?.email) {
      logger.info('no email address; the notification stays in the inbox only', { personId });
      return;
    }
    const t = i18n.translator(isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE);
    const body = t(`${template}.body`, params);
    const footer = t('notifications.email.footer', { url: `${deps.publicUrl}/inbox` });
    await deps.emailSender.send({ to: recipient.email, subject: t(`${template}.subject`, params), text: `${body}\n\n-- \n${footer}\n` });
  };

  jobs.handle(EMAIL_JOB, sendEmail);
  return { notify, notifyMany, emailSender: deps.emailSender };
}
