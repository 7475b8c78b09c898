// undici's index loads all of undici: mock agents, caches, interceptors, and fetch — whose cookie code
// touches globalThis.Headers and so makes Node load its own bundled copy of undici as well. A run needs only
// the dispatch path: an Agent (or the proxy agent) and request(). Loading just those halves a short
// process's start (scripts/bench.mjs measures it). undici has no `exports` map, so these files are public
// paths of the package; the types are undici's own.
import type * as Undici from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgentClass from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import requestOn from 'undici/lib/api/api-request.js';
import connect from 'undici/lib/api/api-connect.js';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';

// The proxy agent opens its tunnel with `dispatcher.connect()`, a method undici's index adds to every
// dispatcher (Object.assign(Dispatcher.prototype, api)); without the index, it is added here.
const prototype = (DispatcherClass as { prototype: Record<string, unknown> }).prototype;
prototype.connect ??= connect;

export const Agent = AgentClass as typeof Undici.Agent;
export const EnvHttpProxyAgent = EnvHttpProxyAgentClass as typeof Undici.EnvHttpProxyAgent;

type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & {
  dispatcher: Undici.Dispatcher;
};

/** undici's request() without its index: the same call its `request(url, options)` makes. */
export function request(url: URL, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return (
    requestOn as (
      this: Undici.Dispatcher,
      o: Undici.Dispatcher.RequestOptions,
    ) => Promise<Undici.Dispatcher.ResponseData>
  ).call(dispatcher, {
    ...rest,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
  });
}
