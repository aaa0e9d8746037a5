import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { signatureSchema, signRequestFields } from '../../platform/signatures/signatures.repo.js';

/** The training kinds a task can need; a licence is asked for separately (requiresLicence). */
export const taskTrainingKinds = ['gcp', 'protocol'] as const;
export type TaskTrainingKind = (typeof taskTrainingKinds)[number];

const taskCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'Lower-case letters, digits and _, such as obtain_consent (2 to 40).' });

export const delegationTaskSchema = z.object({
  id,
  studyId: id,
  code: z.string(),
  label: z.string(),
  requiresLicence: z.boolean(),
  requiredTraining: z.array(z.enum(taskTrainingKinds)),
  ...versionedFields,
});
export type DelegationTask = z.infer<typeof delegationTaskSchema>;

const requiredTraining = z
  .array(z.enum(taskTrainingKinds))
  .max(taskTrainingKinds.length)
  .transform((kinds) => [...new Set(kinds)].sort());

export const createDelegationTaskSchema = z.strictObject({
  code: taskCode,
  label: requiredText(200),
  requiresLicence: z.boolean().default(false),
  requiredTraining: requiredTraining.default([]),
  reason: optionalText(1000),
});
export type CreateDelegationTask = z.infer<typeof createDelegationTaskSchema>;

export const updateDelegationTaskSchema = z.strictObject({
  label: requiredText(200).optional(),
  requiresLicence: z.boolean().optional(),
  requiredTraining: requiredTraining.optional(),
  reason: optionalText(1000),
});
export type UpdateDelegationTask = z.infer<typeof updateDelegationTaskSchema>;

export const validitySchema = z.object({
  valid: z.boolean(),
  reasons: z.array(z.string()).describe('Why it is not valid, in sentences; empty when valid'),
});
export type Validity = z.infer<typeof validitySchema>;

export const delegationEntrySchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  personId: id,
  personName: z.string(),
  tasks: z.array(z.object({ code: z.string(), label: z.string() })),
  startDate: z.string(),
  endDate: z.string().nullable(),
  contentHash: z.string().describe('SHA-256 of what the PI signs: person, tasks, dates'),
  signatures: z.array(signatureSchema),
  asOf: z.string().describe('The day validity is computed for'),
  ...validitySchema.shape,
  taskValidity: z.array(z.object({ code: z.string(), label: z.string(), ...validitySchema.shape })),
  ...versionedFields,
});
export type DelegationEntry = z.infer<typeof delegationEntrySchema>;

const taskCodes = z.array(taskCode).min(1, { message: 'Delegate at least one task.' }).max(100);

/** The codes an entry stores: each once, sorted (the order carries no meaning). */
export const normalizeTasks = (codes: string[]) => [...new Set(codes)].sort();

export const createDelegationEntrySchema = z
  .strictObject({
    personId: id,
    tasks: taskCodes,
    startDate: isoDate,
    endDate: isoDate.nullable().optional(),
    reason: optionalText(1000),
  })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, { message: 'The end cannot come before the start.', path: ['endDate'] });
export type CreateDelegationEntry = z.infer<typeof createDelegationEntrySchema>;

export const updateDelegationEntrySchema = z.strictObject({
  tasks: taskCodes.optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.nullable().optional(),
  reason: optionalText(1000),
});
export type UpdateDelegationEntry = z.infer<typeof updateDelegationEntrySchema>;

/**
 * The PI's signature authorizes the delegation: 'approval' by default; 'responsibility' for
 * sites whose SOPs word it as the PI keeping responsibility for delegated tasks (ICH E6(R3)
 * 2.3.2). Review and authorship do not describe this act and are refused.
 */
export const delegationSignatureMeanings = ['approval', 'responsibility'] as const;
export const signDelegationEntrySchema = z.strictObject({
  password: signRequestFields.password,
  meaning: z.enum(delegationSignatureMeanings).default('approval'),
});

export const onQuery = { on: isoDate.optional().describe('The day to compute validity for (UTC); today when not given') };

export const listDelegationQuery = z.strictObject({ ...onQuery, personId: id.optional() });

export const checkDelegationQuery = z.strictObject({ ...onQuery, personId: id, task: taskCode });
