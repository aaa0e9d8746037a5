import type { paths } from '../lib/api-schema';

// Names for the generated schema's parts, so a feature can say which answer or body it means:
// `Answer<'/api/studies/{id}'>` is what GET /api/studies/:id answers. No API type is written by
// hand in the web app; each is one of these, read from web/src/lib/api-schema.ts.

export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/** The JSON a successful call answers (200, else 201; undefined for 204). */
export type Answer<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? Json<A>
      : R extends { 201: infer A }
        ? Json<A>
        : undefined
    : never;

/** The JSON body a call sends. */
export type RequestBody<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query a GET takes. */
export type Query<P extends ApiPath> = NonNullable<Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? Q : never>;

/** One row of a paged list's answer. */
export type ListItem<P extends ApiPath> = Answer<P> extends { items: (infer T)[] } ? T : never;
