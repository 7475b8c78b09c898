import { request, type Dispatcher } from 'undici';

/** What Octokit reads of a fetch answer (@octokit/request's fetch wrapper): status, URL, headers, body. */
export interface FetchAnswer {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; [Symbol.iterator](): Iterator<[string, string]> };
  body: Dispatcher.ResponseData['body'];
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchThrough = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchAnswer>;

/** A renamed repository's API answers with a redirect, which fetch would follow. */
const REDIRECTS = new Set([301, 302, 307, 308]);
const MAX_REDIRECTS = 5;

function answer(url: string, response: Dispatcher.ResponseData): FetchAnswer {
  const headers = new Map(
    Object.entries(response.headers).map(([name, value]): [string, string] => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
  return {
    status: response.statusCode,
    statusText: '',
    url,
    headers: {
      get: (name) => headers.get(name.toLowerCase()) ?? null,
      [Symbol.iterator]: () => headers.entries(),
    },
    body: response.body,
    text: () => response.body.text(),
    arrayBuffer: () => response.body.arrayBuffer(),
  };
}

/**
 * The fetch Octokit calls, made with undici's request() on the dispatcher given: the lookup goes through the
 * same HTTP client as the records, with the runner's proxy settings, and never loads a second one (undici's
 * fetch, its web streams and its WebSocket). Redirects are followed, as fetch follows them.
 */
export function fetchThrough(dispatcher: Dispatcher): FetchThrough {
  return async (url, { method = 'GET', headers, body, signal }) => {
    for (let hops = 0, at = url; ; hops += 1) {
      const response = await request(at, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal,
        dispatcher,
      });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode) || typeof location !== 'string' || hops === MAX_REDIRECTS) {
        return answer(at, response);
      }
      await response.body.dump();
      at = new URL(location, at).href;
    }
  };
}
