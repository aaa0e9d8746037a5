import { ApiError } from '../app/api-client';

/**
 * Spreads a problem's field errors over a form: pointer '/shortName' lands under the shortName
 * input. Returns the pointers it placed, so the top alert shows only the rest.
 */
export function applyProblemToForm(
  error: unknown,
  fields: readonly string[],
  setFieldError: (field: string, message: string) => void,
  { nested = false }: { nested?: boolean } = {},
): string[] {
  if (!(error instanceof ApiError)) return [];
  const placed: string[] = [];
  for (const { pointer, detail } of error.problem.errors ?? []) {
    // Body errors are '/field' (or '/field/0'); query-string errors carry a 'querystring:' prefix.
    const match = /^\/([^/]+)/.exec(pointer);
    const field = match?.[1];
    if (field && fields.includes(field)) {
      // Nested: '/procedures/2/notDoneReason' lands under that row's input ('procedures.2.notDoneReason').
      setFieldError(nested ? pointer.slice(1).replaceAll('/', '.') : field, detail);
      placed.push(pointer);
    }
  }
  return placed;
}

/** Form values to an API body: empty text becomes null so optional fields can be cleared. */
export function blankToNull<T extends Record<string, unknown>>(values: T): { [K in keyof T]: T[K] extends string ? string | null : T[K] } {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    result[key] = typeof value === 'string' && value.trim() === '' ? null : value;
  }
  return result as { [K in keyof T]: T[K] extends string ? string | null : T[K] };
}

/** Only what changed, so the audit trail records real changes and nothing else. */
export function changedFields<T extends object>(before: Partial<T>, after: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if ((before[key] ?? null) !== (after[key] ?? null)) changes[key] = after[key];
  }
  return changes;
}
