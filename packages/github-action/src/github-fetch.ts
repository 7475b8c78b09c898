import type { Agent, AgentOptions, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { readLimitedBytes } from '@proget-deploy/core';

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

async function answer(url: string, response: IncomingMessage): Promise<FetchAnswer> {
  const { bytes, cut } = await readLimitedBytes(response, ANSWER_LIMIT_BYTES);
  if (cut) throw new OversizedAnswer(`more than ${ANSWER_LIMIT_BYTES / 1024 / 1024} MiB, not read`);
  const headers = new Map(
    Object.entries(response.headers).map(([name, value]): [string, string] => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
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

/** One scheme's client: Node's `request` of node:http or node:https, and the agent that keeps its connections. */
interface Client {
  agent: Agent;
  request(url: string, options: RequestOptions): ClientRequest;
}

/**
 * Node's own client for each scheme, loaded when first used (node:https brings TLS), with at most two
 * connections: the lookup asks two questions at once. `proxyEnv` makes Node route through the runner's
 * HTTPS_PROXY / HTTP_PROXY, except for NO_PROXY hosts (Node 24.5 and later; Node 20 ignores it, and the action
 * runs on node24).
 */
function agents(env: NodeJS.ProcessEnv): (scheme: string) => Client {
  const made = new Map<string, Client>();
  return (scheme) => {
    const known = made.get(scheme);
    if (known) return known;
    const module = process.getBuiltinModule(scheme === 'https:' ? 'node:https' : 'node:http');
    const client: Client = {
      // `proxyEnv` is Node 24's (this repository types against Node 20).
      agent: new module.Agent({ keepAlive: true, maxSockets: 2, proxyEnv: env } as AgentOptions),
      request: module.request,
    };
    made.set(scheme, client);
    return client;
  };
}

function exchange(client: Client, url: string, init: Parameters<FetchThrough>[1]): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      agent: client.agent,
      signal: init.signal,
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end(init.body);
  });
}

function withoutCredentials(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !['authorization', 'cookie'].includes(name.toLowerCase())),
  );
}

/**
 * The fetch Octokit calls, made with Node's own HTTP client. The lookup parses several answers, and undici's
 * WebAssembly parser, which the records use, would then be optimised by V8 in the background, and the process
 * would wait for that before exiting (about 130 ms on Node 24); Node's parser is native. Redirects are
 * followed, as fetch follows them, and credentials are dropped when one leaves the origin.
 */
export function fetchThrough(env: NodeJS.ProcessEnv): FetchThrough {
  const clientFor = agents(env);
  return async (url, init) => {
    for (let hops = 0, at = url, sent = init; ; hops += 1) {
      const response = await exchange(clientFor(new URL(at).protocol), at, sent);
      const location = response.headers.location;
      if (
        !REDIRECTS.has(response.statusCode ?? 0) ||
        typeof location !== 'string' ||
        hops === MAX_REDIRECTS
      ) {
        return await answer(at, response);
      }
      response.resume();
      const next = new URL(location, at);
      // As fetch does: the token goes to GitHub's API only, never to another origin a redirect names.
      if (next.origin !== new URL(at).origin) sent = { ...sent, headers: withoutCredentials(sent.headers) };
      at = next.href;
    }
  };
}
