import createClient from 'openapi-fetch';
import type { paths } from '../lib/api-schema';
import { isKeyStillRunning, newIdempotencyKey, pause, submissionRetryDelaysMs } from './idempotency-key';

/** RFC 9457 problem details as the API sends them. */
export interface FieldProblem {
  pointer: string;
  detail: string;
  /** For a file's contents (a CSV import): the row (the header is row 1) and the column. */
  row?: number;
  column?: string;
  /** For an XML file's contents (an ODM import): line and column, and the OID of the element concerned. */
  line?: number;
  col?: number;
  oid?: string;
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

/** A record read together with its ETag, so the next write can send If-Match. */
export interface Versioned<T> {
  record: T;
  etag: string;
}

let onUnauthenticated: () => void = () => {};

/** The session ended (expired, idle timeout, logged out elsewhere): the app sends the user to log in. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

// Login answers 401 for a wrong password and /me answers 401 when nobody is logged in: neither means "session lost".
const sessionProbes = ['/api/auth/login', '/api/me'];

/**
 * The fetch under the typed client: a POST carries one Idempotency-Key for all its attempts, so
 * a retry after a lost answer cannot create twice; any answer but a success is thrown as an
 * ApiError with the server's problem details.
 */
async function send(request: Request): Promise<Response> {
  const isPost = request.method === 'POST';
  if (isPost) request.headers.set('Idempotency-Key', newIdempotencyKey());
  const retryDelays = isPost ? submissionRetryDelaysMs : [];
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    const delay = retryDelays[attempt];
    try {
      // A body can be read once: every attempt sends a copy.
      response = await fetch(request.clone());
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
  if (response.status === 401 && !sessionProbes.includes(new URL(request.url).pathname)) onUnauthenticated();
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

/** Only the defined, non-empty values: an empty search box or filter is no filter. */
function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/**
 * The API, typed by path from the generated schema: `api.GET('/api/studies/{id}', { params: { path: { id } } })`.
 * Failures are thrown (see send), so a call's `data` is its answer: read it with `answer()`.
 */
export const api = createClient<paths>({
  fetch: send,
  querySerializer: queryString,
  headers: { Accept: 'application/json' },
  credentials: 'same-origin',
});

interface Answered<T> {
  data?: T;
  response: Response;
}

/** The body a call answered (a 204 answers undefined); errors never get here, send() threw them. */
export async function answer<T>(call: Promise<Answered<T>>): Promise<T> {
  return (await call).data as T;
}

/** A record read together with its ETag; the ETag is the version in quotes, used when a proxy strips the header. */
export async function answerVersioned<T extends { version: number }>(call: Promise<Answered<T>>): Promise<Versioned<T>> {
  const { data, response } = await call;
  const record = data as T;
  return { record, etag: response.headers.get('ETag') ?? `"${record.version}"` };
}

/** A record whose version sits inside it (e.g. a page of several records): the ETag as sent, or null. */
export async function answerWithEtag<T>(call: Promise<Answered<T>>): Promise<{ record: T; etag: string | null }> {
  const { data, response } = await call;
  return { record: data as T, etag: response.headers.get('ETag') };
}

/** The header a write to a versioned record sends: the ETag it read. */
export const ifMatch = (etag: string) => ({ 'If-Match': etag });

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

/** A link with a query string of the defined, non-empty values only (downloads and exports open it). */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const text = queryString(params);
  return text ? `${path}?${text}` : path;
}
