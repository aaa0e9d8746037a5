import { z } from 'zod';

/** Field shapes shared by every module's contracts, so limits and messages agree. */
export const id = z.uuid({ message: 'Must be an id (UUID).' });

export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'Required.' })
    .max(max, { message: `At most ${max} characters.` });

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `At most ${max} characters.` })
    .nullable()
    .optional();

/** A calendar date 'YYYY-MM-DD' that exists (no 2026-02-30). */
export const isoDate = z.string().refine(isRealDate, { message: 'Must be a real date as YYYY-MM-DD.' });

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const countryCode = z.string().regex(/^[A-Z]{2}$/, { message: 'Must be an ISO 3166-1 alpha-2 code such as US or DE.' });

export const timeZone = z.string().refine(isTimeZone, { message: 'Must be an IANA time zone such as Europe/Berlin.' });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const count = z.number().int({ message: 'Must be a whole number.' }).min(0).max(1_000_000);

export const versionedFields = {
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

/** A reason for a change (21 CFR 11.10(e) asks why for status changes). */
export const reason = requiredText(1000);
