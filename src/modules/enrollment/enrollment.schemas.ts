import { z } from 'zod';
import { id, isoDate } from '../../platform/http/fields.js';

export const enrollmentIntervals = ['week', 'month'] as const;
export type EnrollmentInterval = (typeof enrollmentIntervals)[number];

export const enrollmentQuerySchema = z.strictObject({
  studySiteId: id.optional().describe("One study-site's funnel and target line instead of the study's"),
  interval: z.enum(enrollmentIntervals).default('week').describe('One point per ISO week (Monday to Sunday) or per calendar month'),
});
export type EnrollmentQuery = z.infer<typeof enrollmentQuerySchema>;

const count = z.number().int();

/** The funnel's measures; `active` = enrolled and not since completed, withdrawn or lost. */
export const funnelSchema = z.object({
  prescreened: count.describe('Candidates entered in the pre-screening log'),
  screened: count,
  screenFailed: count,
  enrolled: count,
  active: count.describe('Enrolled and not yet completed, withdrawn or lost to follow-up'),
  completed: count,
  withdrawn: count,
  lost: count.describe('Lost to follow-up'),
});
export type Funnel = z.infer<typeof funnelSchema>;

export const enrollmentSiteSchema = funnelSchema.extend({
  studySiteId: id,
  siteId: id,
  siteNumber: z.string(),
  siteName: z.string(),
  targetEnrollment: z.number().int().nullable(),
  activationDate: isoDate.nullable(),
});
export type EnrollmentSite = z.infer<typeof enrollmentSiteSchema>;

export const enrollmentPointSchema = funnelSchema.extend({
  periodStart: isoDate,
  date: isoDate.describe("The period's last day (today for the current period): counts are cumulative up to it"),
  target: z.number().nullable().describe('Planned enrollment by this day on the target line; null without a target or dates'),
});
export type EnrollmentPoint = z.infer<typeof enrollmentPointSchema>;

export const enrollmentSchema = z.object({
  studyId: id,
  studySiteId: id.nullable(),
  interval: z.enum(enrollmentIntervals),
  today: isoDate.describe("The study's today: the latest calendar day among its sites"),
  target: z.number().int().nullable().describe('The enrollment target of what the series covers'),
  totals: funnelSchema,
  sites: z.array(enrollmentSiteSchema).describe('Each visible study-site, by site number'),
  series: z.array(enrollmentPointSchema).describe('From the first day with data to today; empty without data'),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;
