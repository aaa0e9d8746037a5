import { isKeyStillRunning, newIdempotencyKey, pause, submissionRetryDelaysMs } from './idempotency-key';

/** RFC 9457 problem details as the API sends them. */
export interface FieldProblem {
  pointer: string;
  detail: string;
  /** For a file's contents (a CSV import): the row (the header is row 1) and the column. */
  row?: number;
  column?: string;
}

export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  requestId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A record read together with its ETag, so the next write can send If-Match. */
export interface Versioned<T> {
  record: T;
  etag: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  method?: Method;
  body?: unknown;
  ifMatch?: string;
  signal?: AbortSignal;
}

let onUnauthenticated: () => void = () => {};

/** The session ended (expired, idle timeout, logged out elsewhere): the app sends the user to log in. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

// Login answers 401 for a wrong password and /me answers 401 when nobody is logged in: neither means "session lost".
const sessionProbes = ['/api/auth/login', '/api/me'];

async function send(path: string, { method = 'GET', body, ifMatch, signal }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  // One key for every attempt of this POST: a retry after a lost answer cannot create twice.
  if (method === 'POST') headers['Idempotency-Key'] = newIdempotencyKey();
  const retryDelays = method === 'POST' ? submissionRetryDelaysMs : [];
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    const delay = retryDelays[attempt];
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      if (delay !== undefined) {
        await pause(delay);
        continue;
      }
      throw new ApiError({
        title: 'Network error',
        status: 0,
        detail: 'The server could not be reached. Check your connection and try again.',
      });
    }
    // A retry can overtake the attempt whose answer was lost: wait for that one to finish.
    if (attempt > 0 && delay !== undefined && (await isKeyStillRunning(response))) {
      await pause(delay);
      continue;
    }
    break;
  }
  if (response.ok) return response;
  const problem = await readProblem(response);
  if (response.status === 401 && !sessionProbes.includes(path.split('?')[0] ?? '')) onUnauthenticated();
  throw new ApiError(problem);
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { title: body.title ?? response.statusText, status: response.status, ...body };
  } catch {
    return { title: response.statusText || 'Error', status: response.status, detail: `The server answered ${response.status}.` };
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal });

export async function apiGetVersioned<T extends { version: number }>(path: string, signal?: AbortSignal): Promise<Versioned<T>> {
  const response = await send(path, { signal });
  const record = (await response.json()) as T;
  // The ETag is the version in quotes; fall back to it if a proxy strips the header.
  return { record, etag: response.headers.get('ETag') ?? `"${record.version}"` };
}

/** A record whose version sits inside it (e.g. a page of several records): the ETag as sent, or null. */
export async function apiGetWithEtag<T>(path: string, signal?: AbortSignal): Promise<{ record: T; etag: string | null }> {
  const response = await send(path, { signal });
  return { record: (await response.json()) as T, etag: response.headers.get('ETag') };
}

/** Builds a query string from the defined, non-empty values only. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends multipart form data with XMLHttpRequest, the only browser API that reports upload
 * progress; answers and errors are read exactly like apiRequest's. A lost connection is retried
 * under the same Idempotency-Key, so the file is filed once.
 */
export function apiUpload<T>(
  path: string,
  form: FormData,
  { ifMatch, onProgress }: { ifMatch?: string; onProgress?: (fraction: number) => void } = {},
): Promise<T> {
  const idempotencyKey = newIdempotencyKey();
  const attempt = (retriesDone: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
      if (ifMatch) xhr.setRequestHeader('If-Match', ifMatch);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
      };
      xhr.onerror = () => {
        const delay = submissionRetryDelaysMs[retriesDone];
        if (delay !== undefined) {
          void pause(delay).then(() => attempt(retriesDone + 1).then(resolve, reject));
          return;
        }
        reject(
          new ApiError({
            title: 'Network error',
            status: 0,
            detail: 'The upload did not reach the server. Check your connection and try again.',
          }),
        );
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          body = null;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(body as T);
          return;
        }
        const problem = (body ?? {}) as Partial<Problem>;
        if (xhr.status === 401) onUnauthenticated();
        reject(new ApiError({ ...problem, title: problem.title ?? (xhr.statusText || 'Error'), status: xhr.status }));
      };
      xhr.send(form);
    });
  return attempt(0);
}
