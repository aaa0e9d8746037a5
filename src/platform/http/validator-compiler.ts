import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * The zod validator, except that a request without a body reaches a body contract as undefined:
 * Fastify hands a missing body to validation as null, which `.optional()` refuses, so a route
 * whose body may be left out would answer 400 to a POST without one.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart !== 'body') return validate;
  return (data) => validate(data === null ? undefined : data);
};
