import { z } from 'zod';
import { countryCode, id, optionalText, requiredText, timeZone, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const siteSchema = z.object({
  id,
  organizationId: id,
  organizationName: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
  timeZone: z.string(),
  principalInvestigator: z.string().nullable(),
  ...versionedFields,
});
export type Site = z.infer<typeof siteSchema>;

const writableFields = {
  name: requiredText(200),
  addressLine: optionalText(300),
  city: optionalText(120),
  postalCode: optionalText(20),
  country: countryCode,
  timeZone,
  principalInvestigator: optionalText(200),
};

export const createSiteSchema = z.strictObject({ organizationId: id, ...writableFields });
export type CreateSite = z.infer<typeof createSiteSchema>;

export const updateSiteSchema = z.strictObject({ ...z.object(writableFields).partial().shape, reason: optionalText(1000) });
export type UpdateSite = z.infer<typeof updateSiteSchema>;

export const listSitesQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['name', 'country', 'city']).default('name'),
  country: countryCode.optional(),
  organizationId: id.optional(),
  q: optionalText(100),
});
export type ListSitesQuery = z.infer<typeof listSitesQuery>;

export const sitePageSchema = pageSchema(siteSchema);
