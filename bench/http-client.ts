export interface ApiAnswer {
  status: number;
  etag: string | null;
  body: string;
}

export interface ApiCall {
  method?: 'GET' | 'PATCH' | 'POST';
  cookie?: string;
  ifMatch?: string;
  body?: unknown;
}

/**
 * One real HTTP request with node's fetch (keep-alive, like a browser), reading the whole
 * body: a response is not served until its last byte arrives.
 */
export async function callApi(baseUrl: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (call.cookie) headers.cookie = call.cookie;
  if (call.ifMatch) headers['if-match'] = call.ifMatch;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const body = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), body };
}

/** Like callApi, but a benchmark of an error page would measure the wrong thing: fail instead. */
export async function callApiOk(baseUrl: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const answer = await callApi(baseUrl, path, call);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${call.method ?? 'GET'} ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  return answer;
}
