import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../errors.js';

export const problemContentType = 'application/problem+json';

/** RFC 9110's names where Node's table still has older ones. */
const rfc9110Titles: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' };

/** The title of a status, so a 413 or a 414 is not called 'Bad Request'. */
export function statusTitle(status: number): string {
  return rfc9110Titles[status] ?? STATUS_CODES[status] ?? 'Error';
}

/** What the client should know about a framework error that carries only a status. */
const statusDetails: Record<number, string> = {
  404: 'There is nothing here.',
  405: 'This method is not allowed here.',
  406: 'The response cannot be given in a type the request accepts.',
  408: 'The request took too long to arrive.',
  413: 'The request is too large.',
  414: 'The URL is too long.',
  415: 'The body is of a type this route does not take.',
  431: 'The request headers are too large.',
};

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: { keys?: string[] };
}

/** RFC 9457 problem details; the body never carries a stack trace or an internal message. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: error.title,
    status: error.status,
    detail: error.message,
    instance: request.url.split('?')[0],
    requestId: request.id,
  };
  if (error.errors.length > 0) body.errors = error.errors;
  return reply.code(error.status).type(problemContentType).send(body);
}

/** Maps whatever was thrown to the problem the client sees. */
export function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext === 'body' ? '' : `${error.validationContext}:`;
    return new AppError(
      400,
      'Bad Request',
      'The request has invalid fields.',
      validationErrors(error.validation as ValidationIssue[], where),
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return new AppError(400, 'Bad Request', 'The body is not valid JSON.', [{ pointer: '', detail: 'The body is not valid JSON.' }]);
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError(400, 'Bad Request', 'The body is empty; send a JSON object.', [{ pointer: '', detail: 'Required.' }]);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError(415, 'Unsupported Media Type', 'Send the body as application/json.');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError(413, 'Content Too Large', 'The body is too large.');
  if (error.code === 'FST_ERR_BAD_URL') {
    return new AppError(400, 'Bad Request', 'The URL is not valid: a percent-encoded part is malformed or is not UTF-8.');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const status = error.statusCode;
    return new AppError(status, statusTitle(status), statusDetails[status] ?? 'The request could not be understood.');
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError(500, 'Internal Server Error', 'Something went wrong on our side. The request id identifies it in the logs.');
}

function validationErrors(issues: ValidationIssue[], where: string): FieldError[] {
  return issues.flatMap((issue) => {
    const base = issue.instancePath === '/' ? '' : issue.instancePath;
    if (issue.keyword === 'unrecognized_keys' && issue.params?.keys) {
      return issue.params.keys.map((key) => ({ pointer: `${where}${base}/${key}`, detail: 'Unknown field.' }));
    }
    return [{ pointer: `${where}${base}`, detail: issue.message ?? 'Invalid value.' }];
  });
}
