import { z } from 'zod';
import { id, isoDate, requiredText, versionedFields } from '../../platform/http/fields.js';

export const blindings = ['open', 'single', 'double'] as const;

const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { message: 'Letters, digits, _ . -, starting with a letter or digit (at most 40).' });
const unique = <T>(items: T[], key: (item: T) => string) => new Set(items.map(key)).size === items.length;

const levelSchema = z.strictObject({ code, label: requiredText(200) });
const factorSchema = z.strictObject({
  code,
  label: requiredText(200),
  levels: z
    .array(levelSchema)
    .min(2, { message: 'A factor needs at least two levels.' })
    .max(20)
    .refine((levels) => unique(levels, (l) => l.code), { message: 'Level codes must differ.' }),
});

export const putSchemeSchema = z.strictObject({
  blinding: z.enum(blindings),
  arms: z
    .array(
      z.strictObject({
        code,
        ratio: z
          .number()
          .int({ message: 'Must be a whole number.' })
          .min(1, { message: 'At least 1.' })
          .max(100)
          .optional()
          .describe("Default: the arm's allocation ratio in the protocol"),
      }),
    )
    .min(2, { message: 'At least two arms.' })
    .max(50)
    .refine((arms) => unique(arms, (a) => a.code), { message: 'Arm codes must differ.' })
    .optional()
    .describe("Codes of the newest final protocol version's arms; default: all of them with their ratios"),
  blockSizes: z
    .array(z.number().int({ message: 'Must be a whole number.' }).min(1, { message: 'At least 1.' }).max(1000))
    .min(1, { message: 'At least one block size.' })
    .max(5, { message: 'At most five block sizes.' })
    .refine((sizes) => new Set(sizes).size === sizes.length, { message: 'Block sizes must differ.' })
    .describe('Each a multiple of the sum of the ratios; each block takes one of them at random'),
  strataFactors: z
    .array(factorSchema)
    .max(10)
    .refine((factors) => unique(factors, (f) => f.code), { message: 'Factor codes must differ.' })
    .default([]),
  stratifyBySite: z.boolean().default(false),
  reason: z.string().trim().max(1000).nullable().optional(),
});
export type PutScheme = z.infer<typeof putSchemeSchema>;

export const schemeSchema = z.object({
  id,
  studyId: id,
  blinding: z.enum(blindings),
  arms: z.array(z.object({ code: z.string(), ratio: z.number().int() })),
  blockSizes: z
    .array(z.number().int())
    .nullable()
    .describe('Null for callers who neither configure randomization nor read allocations (ICH E9 2.3.2: block length concealed)'),
  strataFactors: z.array(factorSchema),
  stratifyBySite: z.boolean(),
  seedSha256: z.string().describe('SHA-256 of the secret seed (its 64 hex digits as text); the seed itself never leaves the server'),
  allocationCount: z.number().int().describe('Once above 0 the scheme is fixed'),
  ...versionedFields,
});
export type Scheme = z.infer<typeof schemeSchema>;

export const randomizeSchema = z.strictObject({
  strata: z.record(z.string(), z.string()).default({}).describe('Level code for each stratification factor: {"age": "ge65"}'),
  enrolledOn: isoDate.optional().describe('Default: today at the site; never in the future'),
  reason: z.string().trim().max(1000).nullable().optional(),
});
export type Randomize = z.infer<typeof randomizeSchema>;

export const armSchema = z.object({ code: z.string(), name: z.string() });

export const randomizedParticipantSchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  subjectNumber: z.string(),
  status: z.string(),
  randomizationNumber: z.string().nullable(),
  strata: z.record(z.string(), z.string()).nullable(),
  enrolledOn: z.string().nullable(),
  arm: armSchema.nullable().describe('Null for blinded callers'),
  ...versionedFields,
});
export type RandomizedParticipant = z.infer<typeof randomizedParticipantSchema>;

export const unblindSchema = z.strictObject({
  reason: requiredText(2000).describe('Why the treating physician needs the arm now'),
  password: z.string().min(1, { message: 'Enter your password again.' }).max(1024),
});

export const unblindingSchema = z.object({
  id,
  participantId: id,
  reason: z.string(),
  unblindedByUserId: id,
  unblindedByName: z.string(),
  unblindedAt: z.iso.datetime(),
});
export type Unblinding = z.infer<typeof unblindingSchema>;

export const unblindResultSchema = z.object({
  unblinding: unblindingSchema,
  arm: armSchema,
  notifiedUserCount: z.number().int(),
});

export const verificationSchema = z.object({
  seedSha256: z.string(),
  seedMatchesHash: z.boolean().describe("The stored seed still hashes to the scheme's seedSha256"),
  checked: z.number().int(),
  matching: z.number().int(),
  mismatches: z.array(
    z.object({
      participantId: id,
      subjectNumber: z.string(),
      stratumKey: z.string(),
      position: z.number().int(),
      recordedArm: z.string(),
      expectedArm: z.string(),
    }),
  ),
});
export type Verification = z.infer<typeof verificationSchema>;

export const allocationItemSchema = z.object({
  participantId: id,
  subjectNumber: z.string(),
  siteNumber: z.string(),
  randomizationNumber: z.string().nullable(),
  stratumKey: z.string(),
  position: z.number().int(),
  armCode: z.string(),
  armName: z.string(),
  allocatedAt: z.iso.datetime(),
});
export type AllocationItem = z.infer<typeof allocationItemSchema>;
// Named in the OpenAPI document's components: the allocations route answers JSON or CSV and so
// declares no response schema; the web app reads the JSON rows by this name.
z.globalRegistry.add(allocationItemSchema, { id: 'Allocation' });

export const allocationsQuery = z.strictObject({ format: z.enum(['json', 'csv']).optional() });
