import { z } from 'zod';
import { emailSettings, messageKinds } from './message-kinds.js';

const kind = z.enum(Object.keys(messageKinds) as [keyof typeof messageKinds, ...(keyof typeof messageKinds)[]]);
const setting = z
  .enum(emailSettings)
  .describe("'immediately': an e-mail per message; 'digest': in the daily digest; 'never': only in the app");

export const emailPreferencesSchema = z.object({
  emailOn: z.boolean().describe('Whether this server sends e-mail at all (TRIALDESK_SMTP_HOST); messages always appear in the app'),
  digestHourUtc: z.number().int().describe('The hour (UTC) the daily digest is sent'),
  items: z.array(z.object({ kind, label: z.string(), setting })),
});
export type EmailPreferences = z.infer<typeof emailPreferencesSchema>;

export const emailPreferencesInput = z.strictObject({
  items: z
    .array(z.strictObject({ kind, setting }))
    .min(1)
    .refine((items) => new Set(items.map((i) => i.kind)).size === items.length, { message: 'Each kind at most once' }),
});
export type EmailPreferencesInput = z.infer<typeof emailPreferencesInput>;
