import { z } from 'zod';
import { countryCode, id, isoDate, optionalText, reason, requiredText, versionedFields } from '../../platform/http/fields.js';
import { studySiteStatuses } from '../study-sites/study-site.schemas.js';
import { milestoneStatuses } from './milestone-plan.js';

const code = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, { message: 'Lower-case letters, digits and _, starting with a letter (at most 60).' });
const durationDays = z.number().int({ message: 'Must be a whole number.' }).min(0).max(3650);

export const milestoneTemplateSchema = z.object({
  id,
  studyId: id,
  code: code.describe('Stable key of the milestone in its study; dependencies and the activation gate name it'),
  name: z.string(),
  sequence: z.number().int(),
  requiredForActivation: z.boolean(),
  typicalDurationDays: z
    .number()
    .int()
    .describe('Typical days from the latest of its dependencies (from the study-site start when it has none)'),
  dependsOn: z.array(z.string()).describe('Codes of milestones of the same study that come before this one'),
  ...versionedFields,
});
export type MilestoneTemplate = z.infer<typeof milestoneTemplateSchema>;

const dependsOn = z.array(code).max(50).describe('Codes of other milestones of the same study; cycles are refused');

export const createMilestoneTemplateSchema = z.strictObject({
  code,
  name: requiredText(200),
  sequence: z.number().int().min(0).max(100_000).optional().describe('Order on the board; after the last one when left out'),
  requiredForActivation: z.boolean().default(false),
  typicalDurationDays: durationDays.default(0),
  dependsOn: dependsOn.default([]),
  reason: optionalText(1000),
});
export type CreateMilestoneTemplate = z.infer<typeof createMilestoneTemplateSchema>;

export const updateMilestoneTemplateSchema = z.strictObject({
  name: requiredText(200).optional(),
  sequence: z.number().int().min(0).max(100_000).optional(),
  requiredForActivation: z.boolean().optional(),
  typicalDurationDays: durationDays.optional(),
  dependsOn: dependsOn.optional(),
  reason: optionalText(1000),
});
export type UpdateMilestoneTemplate = z.infer<typeof updateMilestoneTemplateSchema>;

export const deleteMilestoneTemplateQuery = z.strictObject({
  reason: reason.describe('Why the milestone leaves the template (audited, with the dates it takes with it)'),
});

export const milestoneTemplateListSchema = z.object({ items: z.array(milestoneTemplateSchema) });

/** One milestone of one study-site: the template item with this site's dates. */
export const studySiteMilestoneSchema = z.object({
  id: id.nullable().describe('The record of dates; null until a date or note is first written'),
  milestoneId: id.describe('The template item'),
  studySiteId: id,
  code: z.string(),
  name: z.string(),
  sequence: z.number().int(),
  requiredForActivation: z.boolean(),
  dependsOn: z.array(z.string()),
  plannedDate: z.string().nullable(),
  actualDate: z.string().nullable(),
  note: z.string().nullable(),
  status: z
    .enum(milestoneStatuses)
    .describe('done: has an actual date; late: planned date passed, not done; blocked: a dependency is not done; else open'),
  blockedBy: z.array(z.string()),
  projectedDate: z
    .string()
    .nullable()
    .describe('The actual date when done, else projected from the chain and typical durations; null when not done at a closed site'),
  version: z.number().int().describe('0 until first written: send If-Match "0" for the first write'),
});
export type StudySiteMilestone = z.infer<typeof studySiteMilestoneSchema>;

export const studySiteMilestonesSchema = z.object({
  studySiteId: id,
  asOf: z.string().describe("The site's today, YYYY-MM-DD: statuses are judged on it"),
  timeZone: z.string().describe("The site's IANA time zone: its days are judged in it"),
  projectedActivationDate: z.string().nullable(),
  openRequiredForActivation: z.array(z.string()).describe('Codes that keep the site from becoming active without an override'),
  items: z.array(studySiteMilestoneSchema),
});

export const updateStudySiteMilestoneSchema = z.strictObject({
  plannedDate: isoDate.nullable().optional(),
  actualDate: isoDate.nullable().optional().describe('Not in the future, and not before the actual date of a dependency'),
  note: optionalText(2000),
  reason: optionalText(1000),
});
export type UpdateStudySiteMilestone = z.infer<typeof updateStudySiteMilestoneSchema>;

const boardCellSchema = z.object({
  milestoneId: id,
  code: z.string(),
  plannedDate: z.string().nullable(),
  actualDate: z.string().nullable(),
  status: z.enum(milestoneStatuses),
  projectedDate: z.string().nullable().describe('As in the study-site view: null when not done at a closed site'),
});

export const startupBoardSchema = z.object({
  studyId: id,
  asOf: z.string(),
  milestones: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      sequence: z.number().int(),
      requiredForActivation: z.boolean(),
      lateCount: z.number().int(),
    }),
  ),
  rows: z.array(
    z.object({
      studySiteId: id,
      siteId: id,
      siteNumber: z.string(),
      siteName: z.string(),
      country: z.string(),
      status: z.enum(studySiteStatuses),
      activationDate: z.string().nullable(),
      projectedActivationDate: z.string().nullable(),
      lateCount: z.number().int(),
      openRequiredForActivation: z.array(z.string()),
      cells: z.array(boardCellSchema).describe('In the order of `milestones`'),
    }),
  ),
  lateCount: z.number().int(),
});
export type StartupBoard = z.infer<typeof startupBoardSchema>;

export const cycleTimeGroups = ['site', 'country', 'study'] as const;

export const cycleTimesQuery = z.strictObject({
  groupBy: z.enum(cycleTimeGroups).default('study'),
  country: countryCode.optional(),
});
export type CycleTimesQuery = z.infer<typeof cycleTimesQuery>;

export const cycleTimesSchema = z.object({
  groupBy: z.enum(cycleTimeGroups),
  description: z.string(),
  groups: z.array(
    z.object({
      key: z.string().describe('Site id, country code or study id'),
      label: z.string(),
      count: z.number().int().describe('Activated study-sites with both dates'),
      medianDays: z.number(),
      meanDays: z.number(),
      minDays: z.number().int(),
      maxDays: z.number().int(),
    }),
  ),
});
export type CycleTimes = z.infer<typeof cycleTimesSchema>;
