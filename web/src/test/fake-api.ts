import { vi } from 'vitest';
import type { Problem } from '../app/api-client';
import type { Answer, ApiPath } from '../app/api-types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One request the component sent, its JSON body read already. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Reply = { status: number; body: unknown; contentType: string };
type Handler = (request: SentRequest, params: Record<string, string>) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** A successful answer of exactly the shape the generated schema gives that path and method. */
export const ok = <P extends ApiPath, M extends Method = 'get'>(body: Answer<P, M>, status = 200): Reply => ({
  status,
  body,
  contentType: 'application/json',
});

/** An answer whose status the schema's Answer does not pick (202 Accepted): typed by the caller from the schema. */
export const json = <T>(body: T, status: number): Reply => ({ status, body, contentType: 'application/json' });

/** A refusal as the API sends it: RFC 9457 problem details. */
export const problem = (body: Problem): Reply => ({ status: body.status, body, contentType: 'application/problem+json' });

/**
 * The HTTP boundary of a component test: `fetch` answers with recorded bodies typed by the API's
 * generated schema, so the component's own modules (api-client, feature APIs, forms) run as they
 * do in the browser. Anything not answered here fails the test loudly with a 501 naming the path.
 */
export function fakeApi() {
  const routes: Route[] = [];
  const sent: SentRequest[] = [];

  function on<P extends ApiPath, M extends Method>(method: M, path: P, handler: Handler | Reply): void {
    const names: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    routes.unshift({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${source}$`),
      names,
      handler: typeof handler === 'function' ? handler : () => handler,
    });
  }

  async function dispatch(one: SentRequest): Promise<Reply> {
    sent.push(one);
    for (const route of routes) {
      const match = route.method === one.method ? route.pattern.exec(one.path) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
      return route.handler(one, params);
    }
    return problem({ title: `No answer recorded for ${one.method} ${one.path}`, status: 501 });
  }

  async function fetchFake(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : new Request(new URL(String(input), window.location.href), init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const reply = await dispatch({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    return new Response(reply.status === 204 ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': reply.contentType },
    });
  }

  /**
   * Uploads go through XMLHttpRequest (the one browser API reporting upload progress): the same
   * answers, for the few members apiUpload uses. A multipart body is recorded as its fields, a
   * file by its name.
   */
  class XhrFake {
    status = 0;
    statusText = '';
    responseText = '';
    withCredentials = false;
    readonly upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private readonly headers = new Headers();

    open(method: string, url: string): void {
      this.method = method.toUpperCase();
      this.url = url;
    }

    setRequestHeader(name: string, value: string): void {
      this.headers.set(name, value);
    }

    send(body?: Document | XMLHttpRequestBodyInit | null): void {
      const url = new URL(this.url, window.location.href);
      const fields =
        body instanceof FormData
          ? Object.fromEntries([...body.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : value.name]))
          : body;
      void dispatch({ method: this.method, path: url.pathname, query: url.searchParams, headers: this.headers, body: fields }).then(
        (reply) => {
          this.status = reply.status;
          this.responseText = reply.status === 204 ? '' : JSON.stringify(reply.body);
          this.onload?.();
        },
      );
    }
  }

  vi.stubGlobal('fetch', vi.fn(fetchFake));
  vi.stubGlobal('XMLHttpRequest', XhrFake);

  return {
    on,
    /** Every request sent so far, oldest first. */
    sent,
    /** The writes sent (anything but GET). */
    writes: () => sent.filter((request) => request.method !== 'GET'),
  };
}

export type FakeApi = ReturnType<typeof fakeApi>;
