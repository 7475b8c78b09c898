import { readLimitedBytes } from '@proget-deploy/core';
import { request, type Dispatcher } from 'undici';

/**
 * What Octokit reads of a fetch answer (@octokit/request's fetch wrapper): status, URL, headers, and the body
 * as text or bytes — read here already, since Octokit turns a body that fails to read into empty data.
 */
export interface FetchAnswer {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; [Symbol.iterator](): Iterator<[string, string]> };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchThrough = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchAnswer>;

/**
 * The most of one answer the lookup reads. A page of 100 jobs with their steps, 100 deployments or 100
 * statuses is a few hundred KB; an answer beyond this is not GitHub's, and is not held in memory whole.
 */
const ANSWER_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * An answer larger than ANSWER_LIMIT_BYTES. Octokit reports what a fetch throws as status 500 with it as the
 * cause; the mark lets the lookup say what happened rather than "answered nothing".
 */
class OversizedAnswer extends Error {
  readonly oversized = true;
}

/** A renamed repository's API answers with a redirect, which fetch would follow. */
const REDIRECTS = new Set([301, 302, 307, 308]);
const MAX_REDIRECTS = 5;

async function answer(url: string, response: Dispatcher.ResponseData): Promise<FetchAnswer> {
  const { bytes, cut } = await readLimitedBytes(response.body, ANSWER_LIMIT_BYTES);
  if (cut) throw new OversizedAnswer(`more than ${ANSWER_LIMIT_BYTES / 1024 / 1024} MiB, not read`);
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
    text: async () => bytes.toString('utf8'),
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
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
        return await answer(at, response);
      }
      await response.body.dump();
      at = new URL(location, at).href;
    }
  };
}
