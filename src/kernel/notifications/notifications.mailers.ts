import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../http/logger.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The outbound email port. Called from job handlers only, never inside a transaction. */
export interface EmailSender {
  /** Human description for logs and `nara doctor`, without credentials. */
  readonly describe: string;
  send(message: EmailMessage): Promise<void>;
}

/** The From address: no-reply at the installation's public host. */
export function defaultFromAddress(publicUrl: string): string {
  return `Nara <no-reply@${new URL(publicUrl).hostname}>`;
}

/** Production: SMTP through nodemailer, configured by NARA_SMTP_URL. */
export class SmtpEmailSender implements EmailSender {
  readonly describe: string;
  private readonly transport: Transporter;
  constructor(smtpUrl: string, private readonly from: string) {
    const url = new URL(smtpUrl);
    this.describe = `SMTP at ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
    this.transport = nodemailer.createTransport(smtpUrl);
  }
  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}

/**
 * Development and trials: every message becomes an RFC 5322 `.eml` file in `<dataDir>/outbox`,
 * which any mail client opens. Nothing leaves the machine.
 */
export class DevelopmentFileMailer implements EmailSender {
  readonly describe: string;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  constructor(readonly outboxDir: string, private readonly from: string) {
    this.describe = `development file mailer writing to ${outboxDir}`;
  }
  async send(message: EmailMessage): Promise<void> {
    const info = await this.composer.sendMail({ from: this.from, ...message });
    await fs.mkdir(this.outboxDir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    await fs.writeFile(path.join(this.outboxDir, name), info.message as Buffer);
  }
}

/** Writes each message to the log instead of sending it (demos without a data folder). */
export class ConsoleMailer implements EmailSender {
  readonly describe = 'console mailer (messages go to the log)';
  constructor(private readonly logger: Logger) {}
  async send(message: EmailMessage): Promise<void> {
    this.logger.info('email (not sent: console mailer)', { to: message.to, subject: message.subject, text: message.text });
  }
}

/** Keeps messages in memory, for tests. */
export class MemoryMailer implements EmailSender {
  readonly describe = 'in-memory mailer';
  readonly sent: EmailMessage[] = [];
  async send(message: EmailMessage): Promise<void> {
    this.sent.push(message);
  }
}

/** SMTP when NARA_SMTP_URL is set, otherwise the development file mailer. */
export function createEmailSender(config: { smtpUrl?: string | undefined; dataDir: string; publicUrl: string }): EmailSender {
  const from = defaultFromAddress(config.publicUrl);
  return config.smtpUrl ? new SmtpEmailSender(config.smtpUrl, from) : new DevelopmentFileMailer(path.join(config.dataDir, 'outbox'), from);
}
