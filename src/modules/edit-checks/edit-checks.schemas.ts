import { z } from 'zod';
import { optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';

const oid = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { message: 'Must start with a letter; letters, digits, _ . - only; at most 64 characters.' });
const itemOid = z.string().min(1).max(200);
const sampleValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const ruleTestCaseSchema = z.strictObject({
  name: requiredText(200),
  values: z
    .record(itemOid, sampleValue)
    .describe('Sample item values by item OID: text as a form holds it, or a JSON number or boolean; null or "" is a missing value'),
  expected: z.enum(['fires', 'passes']).describe('Whether the rule should fire on these values'),
});

const ruleFields = {
  oid,
  name: requiredText(200),
  expression: z
    .string()
    .trim()
    .min(1, { message: 'Required.' })
    .max(4000, { message: 'At most 4000 characters.' })
    .describe('CEL over `item`: true means the check fires. `item.SYSBP > 180`, `item["VS.DIABP"] >= item["VS.SYSBP"]`, `!has(item.X)`'),
  severity: z.enum(['hard', 'soft']).describe('hard refuses the value at save; soft saves it and opens a query'),
  message: requiredText(1000).describe('What the site reads when the check fires'),
  itemOids: z.array(itemOid).min(1, { message: 'Name at least one item.' }).max(20).describe('The items a query is opened on'),
  testCases: z.array(ruleTestCaseSchema).max(50),
};

export const createEditCheckSchema = z.strictObject({
  ...ruleFields,
  testCases: ruleFields.testCases.default([]),
  reason: optionalText(1000),
});
export type CreateEditCheck = z.infer<typeof createEditCheckSchema>;

export const updateEditCheckSchema = z.strictObject({
  name: ruleFields.name.optional(),
  expression: ruleFields.expression.optional(),
  severity: ruleFields.severity.optional(),
  message: ruleFields.message.optional(),
  itemOids: ruleFields.itemOids.optional(),
  testCases: ruleFields.testCases.optional(),
  active: z.boolean().optional().describe('false deactivates the rule: it is kept, and no longer checked at save'),
  reason: optionalText(1000),
});
export type UpdateEditCheck = z.infer<typeof updateEditCheckSchema>;

export const editCheckSchema = z.object({
  id: z.uuid(),
  metadataVersionId: z.uuid(),
  oid: z.string(),
  name: z.string(),
  expression: z.string(),
  severity: z.enum(['hard', 'soft']),
  message: z.string(),
  itemOids: z.array(z.string()),
  testCases: z.array(ruleTestCaseSchema),
  active: z.boolean(),
  ...versionedFields,
});
export type EditCheck = z.infer<typeof editCheckSchema>;

export const editCheckListSchema = z.object({
  items: z.array(editCheckSchema),
  crfItems: z
    .array(
      z.object({ oid: z.string(), name: z.string(), dataType: z.string(), reference: z.string().describe('How an expression reads it') }),
    )
    .describe("The CRF metadata's items a rule may read"),
});

export const ruleTestResultSchema = z.object({
  name: z.string(),
  expected: z.enum(['fires', 'passes']),
  actual: z.enum(['fires', 'passes', 'skipped', 'error']).describe('skipped: an item the rule reads has no value, so it does not fire'),
  passed: z.boolean(),
  detail: z.string().nullable(),
});

export const ruleTestRunSchema = z.object({
  ruleId: z.uuid(),
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(ruleTestResultSchema),
});
export type RuleTestRun = z.infer<typeof ruleTestRunSchema>;

export const translateRedcapSchema = z.strictObject({ logic: requiredText(4000).describe('REDCap branching logic or calculation') });
export const translatedRedcapSchema = z.object({ expression: z.string() });
