import type { z } from 'zod';
import { invalid } from '../errors.js';
import { refuseUnsafeText } from './safe-text.js';

/** Validates fields that did not come as a JSON body (multipart forms), with the same problem shape. */
export function parseFields<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  // Multipart fields do not pass the JSON body's gate (refuse-unsafe-input.ts), so they are checked here.
  refuseUnsafeText(value);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalid(
    result.error.issues.flatMap((issue) => {
      const base = issue.path.length ? `/${issue.path.join('/')}` : '';
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ pointer: `${base}/${key}`, detail: 'Unknown field.' }));
      return [{ pointer: base, detail: issue.message }];
    }),
  );
}
