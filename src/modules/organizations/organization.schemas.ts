import { z } from 'zod';
import { countryCode, id, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const organizationKinds = ['sponsor', 'cro', 'smo', 'site', 'vendor'] as const;

export const organizationSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(organizationKinds),
  country: z.string().nullable(),
  ...versionedFields,
});
export type Organization = z.infer<typeof organizationSchema>;

export const createOrganizationSchema = z.strictObject({
  name: requiredText(200),
  kind: z.enum(organizationKinds),
  country: countryCode.nullable().optional(),
});
export type CreateOrganization = z.infer<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z.strictObject({
  name: requiredText(200).optional(),
  country: countryCode.nullable().optional(),
});
export type UpdateOrganization = z.infer<typeof updateOrganizationSchema>;

export const listOrganizationsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['name', 'kind']).default('name'),
  kind: z.enum(organizationKinds).optional(),
  q: optionalText(100),
});
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuery>;

export const organizationPageSchema = pageSchema(organizationSchema);
