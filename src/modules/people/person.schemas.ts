import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

/** The roles a person holds at a site; the delegation log and document rules build on them. */
export const staffRoles = [
  'principal_investigator',
  'sub_investigator',
  'study_coordinator',
  'pharmacist',
  'nurse',
  'research_assistant',
  'lab_technician',
  'other',
] as const;
export type StaffRole = (typeof staffRoles)[number];

export const personSchema = z.object({
  id,
  organizationId: id,
  organizationName: z.string(),
  userId: id.nullable(),
  fullName: z.string(),
  email: z.string().nullable(),
  professionalTitle: z.string().nullable().describe('MD, RN, PharmD…'),
  ...versionedFields,
});
export type Person = z.infer<typeof personSchema>;

const personFields = {
  fullName: requiredText(200),
  email: z.email({ message: 'Must be an e-mail address.' }).max(254).nullable().optional(),
  professionalTitle: optionalText(60),
};

export const updatePersonSchema = z.strictObject({
  ...z.object(personFields).partial().shape,
  userId: id
    .nullable()
    .optional()
    .describe('The login this person signs with (e.g. a PI signing the delegation log); user administrators only'),
  reason: optionalText(1000),
});
export type UpdatePerson = z.infer<typeof updatePersonSchema>;

export const listPeopleQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['fullName']).default('fullName'),
  siteId: id.optional(),
  q: optionalText(100),
});
export type ListPeopleQuery = z.infer<typeof listPeopleQuery>;
export const personPageSchema = pageSchema(personSchema);

export const staffSchema = z.object({
  id,
  siteId: id,
  siteName: z.string(),
  siteTimeZone: z.string().describe("The site's IANA time zone: whether a role is current is judged on the site's day"),
  personId: id,
  personName: z.string(),
  professionalTitle: z.string().nullable(),
  role: z.enum(staffRoles),
  startDate: z.string(),
  endDate: z.string().nullable(),
  ...versionedFields,
});
export type Staff = z.infer<typeof staffSchema>;

export const addStaffSchema = z
  .strictObject({
    personId: id.optional().describe('An existing person; or give `person` to add a new one'),
    person: z.strictObject(personFields).optional(),
    role: z.enum(staffRoles),
    startDate: isoDate,
    endDate: isoDate.nullable().optional(),
  })
  .refine((value) => Boolean(value.personId) !== Boolean(value.person), {
    message: 'Give either personId or person, not both.',
    path: ['personId'],
  });
export type AddStaff = z.infer<typeof addStaffSchema>;

export const updateStaffSchema = z.strictObject({
  role: z.enum(staffRoles).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.nullable().optional(),
  reason: optionalText(1000),
});
export type UpdateStaff = z.infer<typeof updateStaffSchema>;
