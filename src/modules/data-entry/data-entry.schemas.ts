import { z } from 'zod';
import { optionalText } from '../../platform/http/fields.js';

const text = z.string().nullable().describe('In the language asked for, else the default language, else any');

export const formStatusSchema = z.enum(['not_started', 'draft', 'saved']).describe('saved: complete, every later change needs a reason');

export const visitFormSchema = z.object({
  formOid: z.string(),
  name: z.string(),
  description: text,
  mandatory: z.boolean(),
  collectionExceptionConditionOid: z.string().nullable(),
  status: formStatusSchema,
  version: z.number().int().describe('0 while not started: send If-Match "0" to start it'),
  firstSavedAt: z.string().nullable(),
  lastChangedAt: z.string().nullable(),
});

export const visitFormsSchema = z.object({
  visitId: z.uuid(),
  visitCode: z.string(),
  visitName: z.string(),
  hasCrfMetadata: z.boolean().describe("false: the visit's protocol version has no CRF metadata (no forms)"),
  forms: z.array(visitFormSchema),
});
export type VisitForms = z.infer<typeof visitFormsSchema>;

export const participantFormsSchema = z.object({
  participantId: z.uuid(),
  subjectNumber: z.string(),
  visits: z.array(visitFormsSchema),
});

const rangeCheckSchema = z.object({
  comparator: z.string().nullable(),
  softHard: z.enum(['Soft', 'Hard']),
  checkValues: z.array(z.string()),
  unit: z.string().nullable(),
  errorMessage: text,
});

const formItemSchema = z.object({
  oid: z.string(),
  name: z.string(),
  question: text,
  dataType: z.string(),
  length: z.number().int().nullable(),
  significantDigits: z.number().int().nullable(),
  mandatory: z.boolean(),
  collectionExceptionConditionOid: z.string().nullable(),
  shown: z.boolean(),
  note: z.string().nullable().describe('Why the item may not apply (a condition not evaluated yet)'),
  units: z.array(z.object({ oid: z.string(), symbol: z.string() })),
  codeList: z.array(z.object({ codedValue: z.string(), decode: text })).nullable(),
  rangeChecks: z.array(rangeCheckSchema),
});

const formItemGroupSchema = z.object({
  oid: z.string(),
  name: z.string(),
  description: text,
  repeating: z.boolean(),
  mandatory: z.boolean(),
  collectionExceptionConditionOid: z.string().nullable(),
  shown: z.boolean(),
  note: z.string().nullable(),
  items: z.array(formItemSchema),
  repeatKeys: z.array(z.number().int()).describe('The rows that hold values (a repeating group), in order; [1] otherwise'),
});

export const itemValueSchema = z.object({
  itemGroupOid: z.string(),
  repeatKey: z.number().int(),
  itemOid: z.string(),
  value: z.string(),
  measurementUnitOid: z.string().nullable(),
  changedAt: z.string(),
});

export const softCheckSchema = z.object({
  itemGroupOid: z.string(),
  repeatKey: z.number().int(),
  itemOid: z.string(),
  comparator: z.string(),
  checkValues: z.array(z.string()),
  message: z.string(),
});

export const formEntrySchema = z.object({
  id: z.uuid().nullable().describe("The form entry's id (its audit history is entity type crf_form_entry); null while not started"),
  participantId: z.uuid(),
  subjectNumber: z.string(),
  visitId: z.uuid(),
  visitCode: z.string(),
  visitName: z.string(),
  timeZone: z.string().describe("The site's time zone, in which its people read times"),
  formOid: z.string(),
  name: z.string(),
  description: text,
  language: z.string().describe('The language the texts were asked in'),
  languages: z.array(z.string()).describe("The metadata's languages, to ask the texts in (?lang)"),
  status: formStatusSchema,
  version: z.number().int(),
  firstSavedAt: z.string().nullable(),
  lastChangedAt: z.string().nullable(),
  reasonRequired: z.boolean().describe('true after the first save: every change needs a reason (21 CFR 11.10(e))'),
  itemGroups: z.array(formItemGroupSchema),
  values: z.array(itemValueSchema),
  softChecks: z.array(softCheckSchema).describe('Soft range checks the current values fail (queries will be opened from them)'),
});
export type FormEntry = z.infer<typeof formEntrySchema>;

export const formEntryQuerySchema = z.strictObject({
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, { message: 'Must be a language tag such as de or en-US.' })
    .optional(),
});

const oid = z.string().trim().min(1, { message: 'Required.' }).max(200, { message: 'At most 200 characters.' });
const repeatKey = z.number().int({ message: 'Must be a whole number.' }).min(1, { message: 'Rows count from 1.' }).max(10_000);

export const saveFormEntrySchema = z.strictObject({
  status: z.enum(['draft', 'saved']).describe('draft: kept without the required-item check; saved: complete'),
  values: z
    .array(
      z.strictObject({
        itemGroupOid: oid,
        repeatKey: repeatKey.default(1),
        itemOid: oid,
        value: z.string().max(4000, { message: 'At most 4000 characters.' }).nullable().describe('ODM text; null or "" clears it'),
        measurementUnitOid: oid.nullable().optional(),
      }),
    )
    .max(5000)
    .default([]),
  removeRows: z
    .array(z.strictObject({ itemGroupOid: oid, repeatKey }))
    .max(1000)
    .default([])
    .describe('Rows of repeating groups to remove, with every value in them (audited)'),
  reason: optionalText(1000).describe('Required for any change once the form was saved (21 CFR 11.10(e))'),
});
export type SaveFormEntry = z.infer<typeof saveFormEntrySchema>;

export const saveFormEntryResultSchema = z.object({
  entry: formEntrySchema,
  changes: z.number().int().describe('How many item values changed'),
  softChecks: z.array(softCheckSchema).describe('Soft range checks the values sent fail: saved, reported for a query'),
  queriesOpened: z.number().int().describe('Queries the edit checks opened on items of the form (saved as complete only)'),
  queriesClosed: z.number().int().describe('Edit-check queries closed because their check now passes'),
});

export const formStatusCountsSchema = z.object({
  studySiteId: z.uuid(),
  draft: z.number().int(),
  saved: z.number().int(),
});
