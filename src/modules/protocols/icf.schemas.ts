import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';

/** A BCP 47 language tag, stored in its canonical form (en-us → en-US). */
export const languageTag = z
  .string()
  .trim()
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical && /^[a-z]{2,3}(-|$)/i.test(value)) return canonical;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'Must be a BCP 47 language tag such as en-US or es-MX.' });
    return z.NEVER;
  });

export const createIcfVersionSchema = z.strictObject({
  versionLabel: requiredText(100).describe('As printed on the form, e.g. "3.0 dated 2026-03-01"'),
  language: languageTag,
  protocolVersionId: id.nullable().optional().describe('The protocol version this form goes with (same study)'),
  documentId: id.nullable().optional().describe("The form's document in the study's file (same study)"),
  reason: optionalText(1000),
});
export type CreateIcfVersion = z.infer<typeof createIcfVersionSchema>;

export const icfVersionSchema = z.object({
  id,
  studyId: id,
  versionLabel: z.string(),
  language: z.string(),
  protocolVersionId: id.nullable(),
  documentId: id.nullable(),
  ...versionedFields,
});
export type IcfVersion = z.infer<typeof icfVersionSchema>;
export const icfVersionListSchema = z.object({ items: z.array(icfVersionSchema) });

const approvedOn = isoDate.describe('The date of the IRB/IEC approval at this site, from which the version is in force; not in the future');

export const createProtocolApprovalSchema = z.strictObject({
  protocolVersionId: id,
  approvedOn,
  reason: optionalText(1000),
});
export type CreateProtocolApproval = z.infer<typeof createProtocolApprovalSchema>;

export const createIcfApprovalSchema = z.strictObject({
  icfVersionId: id,
  approvedOn,
  reason: optionalText(1000),
});
export type CreateIcfApproval = z.infer<typeof createIcfApprovalSchema>;

const approvalFields = {
  id,
  studySiteId: id,
  approvedOn: z.string(),
  reason: z.string().nullable(),
  recordedByUserId: id.nullable(),
  recordedAt: z.iso.datetime(),
};

export const protocolApprovalSchema = z.object({
  ...approvalFields,
  protocolVersionId: id,
  versionNumber: z.number().int(),
  versionLabel: z.string(),
});
export type ProtocolApproval = z.infer<typeof protocolApprovalSchema>;

export const icfApprovalSchema = z.object({
  ...approvalFields,
  icfVersionId: id,
  versionLabel: z.string(),
  language: z.string(),
});
export type IcfApproval = z.infer<typeof icfApprovalSchema>;

export const protocolApprovalListSchema = z.object({ items: z.array(protocolApprovalSchema) });
export const icfApprovalListSchema = z.object({ items: z.array(icfApprovalSchema) });
