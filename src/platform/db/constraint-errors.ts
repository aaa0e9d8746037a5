import { conflict } from '../errors.js';

/** Turns a unique violation on a known constraint into a 409 that names the field. */
export function rethrowUniqueViolation(error: unknown, fields: Record<string, { pointer: string; detail: string }>): never {
  const pgError = error as { code?: string; constraint?: string };
  const field = pgError.code === '23505' && pgError.constraint ? fields[pgError.constraint] : undefined;
  if (field) throw conflict(field.detail, [field]);
  throw error;
}
