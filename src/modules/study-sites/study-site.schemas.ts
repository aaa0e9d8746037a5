import { z } from 'zod';
import { count, countryCode, id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const studySiteStatuses = ['candidate', 'selected', 'start_up', 'active', 'enrollment_closed', 'closed'] as const;
export type StudySiteStatus = (typeof studySiteStatuses)[number];

/** The moves a study-site may make; a closed site stays closed. */
export const studySiteTransitions: Record<StudySiteStatus, StudySiteStatus[]> = {
  candidate: ['selected', 'closed'],
  selected: ['candidate', 'start_up', 'closed'],
  start_up: ['selected', 'active', 'closed'],
  active: ['enrollment_closed', 'closed'],
  enrollment_closed: ['active', 'closed'],
  closed: [],
};

export const studySiteSchema = z.object({
  id,
  studyId: id,
  studyShortName: z.string(),
  protocolNumber: z.string(),
  siteId: id,
  siteName: z.string(),
  city: z.string().nullable(),
  country: z.string(),
  timeZone: z.string().describe("The site's IANA time zone: its days and times are shown in it"),
  principalInvestigator: z.string().nullable(),
  siteNumber: z.string(),
  status: z.enum(studySiteStatuses),
  targetEnrollment: z.number().int().nullable(),
  activationDate: z.string().nullable(),
  smoOrgId: id.nullable(),
  smoName: z.string().nullable(),
  ...versionedFields,
});
export type StudySite = z.infer<typeof studySiteSchema>;

const siteNumber = requiredText(20);

export const createStudySiteSchema = z.strictObject({
  siteId: id,
  siteNumber,
  status: z.enum(studySiteStatuses).default('candidate'),
  targetEnrollment: count.nullable().optional(),
  activationDate: isoDate.nullable().optional(),
  smoOrgId: id.nullable().optional(),
});
export type CreateStudySite = z.infer<typeof createStudySiteSchema>;

export const updateStudySiteSchema = z.strictObject({
  siteNumber: siteNumber.optional(),
  status: z.enum(studySiteStatuses).optional(),
  targetEnrollment: count.nullable().optional(),
  activationDate: isoDate.nullable().optional(),
  smoOrgId: id.nullable().optional(),
  reason: optionalText(1000).describe('Why: required when the status changes'),
  overrideMilestones: z
    .boolean()
    .optional()
    .describe(
      'With status "active": activate although milestones required for activation have no actual date; the reason is required and the audit row lists the milestones passed over',
    ),
});
export type UpdateStudySite = z.infer<typeof updateStudySiteSchema>;

export const listStudySitesQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['siteNumber', 'siteName', 'status', 'country', 'activationDate']).default('siteNumber'),
  studyId: id.optional(),
  siteId: id.optional(),
  status: z.enum(studySiteStatuses).optional(),
  country: countryCode.optional(),
  q: optionalText(100),
});
export type ListStudySitesQuery = z.infer<typeof listStudySitesQuery>;

export const studySitePageSchema = pageSchema(studySiteSchema);
