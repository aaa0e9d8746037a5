import { z } from 'zod';
import { id, isoDate } from '../../platform/http/fields.js';
import { studySiteStatuses } from '../study-sites/study-site.schemas.js';

/** Every section a home page may hold; which ones a user gets follows from their grants (work-reach.ts). */
export const workSectionKeys = [
  'visits_today',
  'visits_week',
  'visits_overdue',
  'visits_missed',
  'reconsent_due',
  'eligibility_waiting',
  'eligibility_to_confirm',
  'delegation_waiting',
  'delegation_to_sign',
  'documents_to_review',
  'documents_returned',
  'documents_expiring',
  'deviations_to_assess',
  'deviations_awaiting',
  'queries_to_answer',
  'queries_to_close',
  'startup_behind',
] as const;
export type WorkSectionKey = (typeof workSectionKeys)[number];

/** At most this many items per section; its count covers them all. */
export const workItemLimit = 25;

export const workTones = ['red', 'orange', 'yellow', 'blue', 'green', 'gray'] as const;

export const workItemSchema = z.object({
  id: z.string().describe('The record the item is about (a visit, participant, entry, document, deviation, study-site)'),
  title: z.string(),
  detail: z.string().nullable(),
  link: z.string().describe('Path in the web app where the work is done'),
  studyId: id.nullable(),
  studyShortName: z.string().nullable(),
  studySiteId: id.nullable(),
  siteName: z.string().nullable(),
  date: isoDate.nullable().describe('The day the item is about (due, target, occurred, expires)'),
  window: z.object({ start: isoDate, end: isoDate }).nullable().describe("A visit's window, site calendar days"),
  status: z.object({ label: z.string(), tone: z.enum(workTones) }).nullable(),
});
export type WorkItem = z.infer<typeof workItemSchema>;

export const workSectionSchema = z.object({
  key: z.enum(workSectionKeys),
  title: z.string(),
  description: z.string(),
  count: z.number().int().describe('Every matching item, also beyond those listed'),
  open: z.boolean().describe('Counts toward the open items of the navigation badge (this week’s visits do not)'),
  listLink: z.string().nullable().describe('The page listing them all'),
  items: z.array(workItemSchema),
});
export type WorkSection = z.infer<typeof workSectionSchema>;

export const studyEnrollmentSchema = z.object({
  studyId: id,
  studyShortName: z.string(),
  enrolled: z.number().int(),
  screened: z.number().int(),
  target: z.number().int().nullable().describe("The study's target, or the sum of its visible study-sites' targets"),
  studySites: z.number().int(),
  link: z.string(),
});

export const networkStudySiteSchema = z.object({
  studySiteId: id,
  studyId: id,
  studyShortName: z.string(),
  siteName: z.string(),
  siteNumber: z.string(),
  status: z.enum(studySiteStatuses),
  enrolled: z.number().int(),
  target: z.number().int().nullable(),
  lateMilestones: z.number().int(),
  openItems: z.number().int().describe('Overdue and missed visits, re-consent, eligibility and delegation signatures, open deviations'),
  link: z.string(),
});

export const coordinatorLoadSchema = z.object({
  userId: id.nullable().describe('Null: visits of participants with no coordinator assigned'),
  name: z.string(),
  visitsThisWeek: z.number().int(),
  sites: z.array(z.object({ studySiteId: id, label: z.string(), visits: z.number().int() })),
});

export const myWorkSchema = z.object({
  asOf: z.iso.datetime(),
  openItems: z.number().int().describe('The sum of the open sections’ counts'),
  sections: z.array(workSectionSchema),
  enrollment: z
    .array(studyEnrollmentSchema)
    .nullable()
    .describe('Studies the caller oversees (a grant on the study, its sponsor or CRO); null when none'),
  network: z
    .object({ studySites: z.array(networkStudySiteSchema), coordinators: z.array(coordinatorLoadSchema) })
    .nullable()
    .describe('Study-sites the caller supports through their SMO; null when none'),
});
export type MyWork = z.infer<typeof myWorkSchema>;
