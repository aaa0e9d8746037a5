/** One problem in a request, located by a JSON Pointer into the body or query (RFC 6901). */
export interface FieldError {
  pointer: string;
  detail: string;
  /** For a file's contents (a CSV import): which row (the header is row 1) and column. */
  row?: number;
  column?: string;
  /** For an XML file's contents (an ODM import): the line and column, and the OID of the element concerned. */
  line?: number;
  col?: number;
  oid?: string;
}

/** An error the client may see: rendered as RFC 9457 problem+json by the HTTP layer. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'record') => new AppError(404, 'Not Found', `No such ${what}.`);
export const forbidden = (detail = 'Your grants do not allow this.') => new AppError(403, 'Forbidden', detail);
export const unauthenticated = (detail = 'Log in first.') => new AppError(401, 'Unauthorized', detail);
export const conflict = (detail: string, errors: FieldError[] = []) => new AppError(409, 'Conflict', detail, errors);
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new AppError(400, 'Bad Request', detail, errors);
export const invalidField = (pointer: string, detail: string) => invalid([{ pointer, detail }], detail);
export const preconditionFailed = () =>
  new AppError(412, 'Precondition Failed', 'The record changed since you read it. Reload it and try again.');
export const preconditionRequired = () => new AppError(428, 'Precondition Required', 'Send the If-Match header with the ETag you read.');
