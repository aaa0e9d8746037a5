import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EmailConfig } from '../config.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed when the e-mail is queued, so a resend after a crash carries the same one. */
  messageId: string;
}

export interface Mailer {
  /** The app's address: links in e-mails start with it. */
  publicUrl: string;
  /** Resolves once the SMTP server accepted the message; rejects when it did not. */
  send(email: OutgoingEmail): Promise<void>;
  /** A new Message-ID in the domain of the From address. */
  newMessageId(): string;
  close(): void;
}

/**
 * The process's one mailer, set at start-up from the configuration (config.ts reads the
 * environment; this only keeps what it read). Job handlers are module-level definitions that
 * get the database only, so they ask here. Undefined: e-mail is off.
 */
let current: Mailer | undefined;

export function configureEmail(config: EmailConfig | undefined): void {
  current?.close();
  current = config ? smtpMailer(config) : undefined;
}

export function currentMailer(): Mailer | undefined {
  return current;
}

export function isEmailOn(): boolean {
  return current !== undefined;
}

function smtpMailer(config: EmailConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user && config.password ? { auth: { user: config.user, pass: config.password } } : {}),
    // A job waits at most this long for a silent server, then fails and is retried.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const domain = /@([^>\s]+)/.exec(config.from)?.[1] ?? 'trialdesk.invalid';
  return {
    publicUrl: config.publicUrl,
    async send(email) {
      await transport.sendMail({
        from: config.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
    },
    newMessageId: () => `<${randomUUID()}@${domain}>`,
    close: () => transport.close(),
  };
}
