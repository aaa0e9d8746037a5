import { z } from 'zod';
import { passwordMaxLength, passwordMinLength } from '../../platform/auth/password.js';
import { roles } from '../../platform/auth/roles.js';
import { id, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be an e-mail address.' }));

/** 12 to 128 characters, counted as code points so any script and emoji are welcome. */
export const password = z.string().refine(
  (value) => {
    const length = [...value].length;
    return length >= passwordMinLength && length <= passwordMaxLength;
  },
  { message: `Use ${passwordMinLength} to ${passwordMaxLength} characters.` },
);

export const userSchema = z.object({
  id,
  email: z.string(),
  fullName: z.string(),
  organizationId: id,
  organizationName: z.string(),
  isActive: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  ...versionedFields,
});
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.strictObject({
  email,
  fullName: requiredText(200),
  organizationId: id,
  password,
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  fullName: requiredText(200).optional(),
  organizationId: id.optional(),
  isActive: z.boolean().optional(),
  unlock: z.boolean().optional().describe('Clear a lockout after failed logins'),
  password: password.optional(),
  reason: optionalText(1000),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const listUsersQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['fullName', 'email']).default('fullName'),
  organizationId: id.optional(),
  q: optionalText(100),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const userPageSchema = pageSchema(userSchema);

export const scopeTypes = ['platform', 'organization', 'study', 'site', 'study_site'] as const;

export const grantSchema = z.object({
  id,
  userId: id,
  role: z.enum(roles),
  scopeType: z.enum(scopeTypes),
  scopeId: id.nullable(),
  scopeName: z.string().describe('What the scope is, in words: an organization, study, site or study at a site'),
  createdAt: z.iso.datetime(),
});
export type GrantView = z.infer<typeof grantSchema>;

export const createGrantSchema = z.strictObject({
  role: z.enum(roles),
  scopeType: z.enum(scopeTypes),
  scopeId: id.nullable().optional(),
  reason: optionalText(1000),
});
export type CreateGrant = z.infer<typeof createGrantSchema>;
