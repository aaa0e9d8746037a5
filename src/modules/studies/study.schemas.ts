import { z } from 'zod';
import { count, id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const studyPhases = ['phase_1', 'phase_1_2', 'phase_2', 'phase_2_3', 'phase_3', 'phase_4', 'not_applicable'] as const;
export const studyStatuses = ['planning', 'start_up', 'enrolling', 'follow_up', 'closed'] as const;

const studyFields = {
  sponsorOrgId: id,
  croOrgId: id.nullable(),
  protocolNumber: z.string(),
  title: z.string(),
  shortName: z.string(),
  phase: z.enum(studyPhases),
  therapeuticArea: z.string().nullable(),
  indication: z.string().nullable(),
  status: z.enum(studyStatuses),
  enrollmentTarget: z.number().int().nullable(),
  plannedSites: z.number().int().nullable(),
  plannedFpiDate: z.string().nullable().describe('Planned first participant in (YYYY-MM-DD)'),
  plannedLpiDate: z.string().nullable().describe('Planned last participant in (YYYY-MM-DD)'),
};

export const studySchema = z.object({
  id,
  ...studyFields,
  sponsorName: z.string(),
  croName: z.string().nullable(),
  siteCount: z.number().int(),
  ...versionedFields,
});
export type Study = z.infer<typeof studySchema>;

const writableFields = {
  croOrgId: id.nullable().optional(),
  protocolNumber: requiredText(50),
  title: requiredText(500),
  shortName: requiredText(60),
  phase: z.enum(studyPhases),
  therapeuticArea: optionalText(120),
  indication: optionalText(200),
  status: z.enum(studyStatuses),
  enrollmentTarget: count.nullable().optional(),
  plannedSites: count.nullable().optional(),
  plannedFpiDate: isoDate.nullable().optional(),
  plannedLpiDate: isoDate.nullable().optional(),
};

const datesInOrder = (value: { plannedFpiDate?: string | null; plannedLpiDate?: string | null }) =>
  !value.plannedFpiDate || !value.plannedLpiDate || value.plannedFpiDate <= value.plannedLpiDate;
const datesMessage = { message: 'The last participant cannot come in before the first.', path: ['plannedLpiDate'] };

export const createStudySchema = z
  .strictObject({ sponsorOrgId: id, ...writableFields, status: writableFields.status.default('planning') })
  .refine(datesInOrder, datesMessage);
export type CreateStudy = z.infer<typeof createStudySchema>;

export const updateStudySchema = z
  .strictObject({ ...z.object(writableFields).partial().shape, reason: optionalText(1000) })
  .refine(datesInOrder, datesMessage);
export type UpdateStudy = z.infer<typeof updateStudySchema>;

export const listStudiesQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['protocolNumber', 'shortName', 'phase', 'status', 'plannedFpiDate']).default('shortName'),
  status: z.enum(studyStatuses).optional(),
  phase: z.enum(studyPhases).optional(),
  sponsorOrgId: id.optional(),
  q: optionalText(100),
});
export type ListStudiesQuery = z.infer<typeof listStudiesQuery>;

export const studyPageSchema = pageSchema(studySchema);
