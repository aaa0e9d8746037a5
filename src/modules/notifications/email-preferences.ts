import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { isEmailOn } from '../../platform/email/mailer.js';
import { listOwnEmailPreferences, setOwnEmailPreference } from './email.repo.js';
import { digestHourUtc } from './email-jobs.js';
import type { EmailPreferences, EmailPreferencesInput } from './email-preferences.schemas.js';
import { defaultEmailSetting, type EmailSetting, type MessageKind, messageKinds } from './message-kinds.js';

async function settingsOf(db: Kysely<DB>, ctx: RequestContext): Promise<Map<string, EmailSetting>> {
  const rows = await listOwnEmailPreferences(db, ctx);
  return new Map(rows.map((row) => [row.kind, row.setting as EmailSetting]));
}

function toPreferences(settings: Map<string, EmailSetting>): EmailPreferences {
  return {
    emailOn: isEmailOn(),
    digestHourUtc,
    items: (Object.keys(messageKinds) as MessageKind[]).map((kind) => ({
      kind,
      label: messageKinds[kind],
      setting: settings.get(kind) ?? defaultEmailSetting,
    })),
  };
}

/** Every kind of message there is, each with how the caller wants it by e-mail. */
export async function getEmailPreferences(db: Kysely<DB>, ctx: RequestContext): Promise<EmailPreferences> {
  return toPreferences(await settingsOf(db, ctx));
}

/** Sets the caller's choice for the kinds given (the others keep theirs); one audit row lists what changed. */
export async function setEmailPreferences(db: Kysely<DB>, ctx: RequestContext, input: EmailPreferencesInput): Promise<EmailPreferences> {
  return db.transaction().execute(async (tx) => {
    const settings = await settingsOf(tx, ctx);
    const now = ctx.now();
    const changes = [];
    for (const { kind, setting } of input.items) {
      const old = settings.get(kind) ?? defaultEmailSetting;
      if (old === setting) continue;
      await setOwnEmailPreference(tx, ctx, kind, setting, now);
      settings.set(kind, setting);
      changes.push({ field: kind, old, new: setting });
    }
    if (changes.length && ctx.actor.kind === 'user') {
      await writeAuditEvent(tx, ctx, { entityType: 'email_preferences', entityId: ctx.actor.userId, action: 'update', changes });
    }
    return toPreferences(settings);
  });
}
