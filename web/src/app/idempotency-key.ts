/**
 * A fresh Idempotency-Key for one submission. Every attempt of that submission sends the same
 * key, so the server answers a retry with the first answer instead of creating a second record.
 * getRandomValues, unlike randomUUID, also works on an install served over plain HTTP.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The pauses before each retry of a submission whose answer was lost on the way. */
export const submissionRetryDelaysMs = [500, 2000];

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The first attempt of this submission is still running on the server (409 naming the key). */
export async function isKeyStillRunning(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  try {
    const problem = (await response.clone().json()) as { errors?: { pointer?: string }[] };
    return problem.errors?.some((error) => error.pointer === 'header:/idempotency-key') ?? false;
  } catch {
    return false;
  }
}
