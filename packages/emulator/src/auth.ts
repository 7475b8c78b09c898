// API keys, read only where the endpoint being called reads them. ProGet's own HTTP endpoints (/api/...)
// take a key four ways — the X-ApiKey header, the `key` query value, the `key` form value of a form post,
// the `API_Key` property of a JSON body's root object
// (https://docs.inedo.com/docs/proget/api/http-requests) — and the
// deployment API page adds basic auth with the user name `api`
// (https://docs.inedo.com/docs/proget/packages/package-deployment#authentication). Feed endpoints "do not
// use this convention": each feed type's page says where its clients put the key (see downloads.ts).
// The emulator records which place a client used, so clients can be tested for sending the key where the
// endpoint reads it.
import type { IncomingMessage } from 'node:http';
import type { StoredDeployment } from './types.js';

export type AuthMethod = StoredDeployment['auth'];
/** A place a key can travel in. */
export type KeyPlace = Exclude<AuthMethod, 'anonymous'>;

/** ProGet's documented text for a key that may not perform the request. */
export const FORBIDDEN_TEXT =
  'The specified API key does not have the proper permissions to perform this action.';

/** Where /api/... endpoints read a key. */
export const API_KEY_PLACES: readonly KeyPlace[] = ['header', 'query', 'form', 'json', 'basic'];

/**
 * The order places are looked in when a request carries a key in several. No document gives one; the
 * X-ApiKey header first matches the docs calling it "the best way".
 */
const PRECEDENCE: readonly KeyPlace[] = ['header', 'query', 'form', 'json', 'basic', 'bearer'];

export interface AuthPolicy {
  apiKeys: readonly string[];
  anonymous: boolean;
}

export type AuthResult =
  | { ok: true; method: AuthMethod }
  | { ok: false; status: 401 | 403; headers: Record<string, string>; body: string };

/** A key found in a request body: the `key` form value or the `API_Key` JSON property. */
export interface BodyKey {
  place: 'form' | 'json';
  key: string;
}

interface Credential {
  method: KeyPlace;
  /** undefined for basic auth with a user other than "api": the emulator knows no users. */
  key: string | undefined;
}

/** Every credential the request carries, by place. Blank values count as absent. */
function credentials(
  req: IncomingMessage,
  query: URLSearchParams,
  bodyKey: BodyKey | undefined,
): Partial<Record<KeyPlace, Credential>> {
  const found: Partial<Record<KeyPlace, Credential>> = {};
  const header = req.headers['x-apikey'];
  if (typeof header === 'string' && header !== '') found.header = { method: 'header', key: header };
  const fromQuery = query.get('key');
  if (fromQuery) found.query = { method: 'query', key: fromQuery };
  if (bodyKey?.key) found[bodyKey.place] = { method: bodyKey.place, key: bodyKey.key };
  const authorization = req.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    found.basic = { method: 'basic', key: user.toLowerCase() === 'api' && password ? password : undefined };
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer?.[1]) found.bearer = { method: 'bearer', key: bearer[1] };
  return found;
}

/**
 * The first credential in a place the endpoint reads. A key anywhere else is not seen at all, so the
 * request counts as anonymous: with anonymous access off that is a 401, as for a request with no key.
 */
export function findCredential(
  req: IncomingMessage,
  query: URLSearchParams,
  places: readonly KeyPlace[],
  bodyKey?: BodyKey,
): Credential | undefined {
  const found = credentials(req, query, bodyKey);
  for (const place of PRECEDENCE) {
    const credential = found[place];
    if (credential && places.includes(place)) return credential;
  }
  return undefined;
}

export function authorize(
  req: IncomingMessage,
  query: URLSearchParams,
  policy: AuthPolicy,
  places: readonly KeyPlace[],
  bodyKey?: BodyKey,
): AuthResult {
  const credential = findCredential(req, query, places, bodyKey);
  if (!credential) {
    if (policy.anonymous) return { ok: true, method: 'anonymous' };
    // With anonymous access off, ProGet challenges rather than forbids a request that sent nothing.
    return {
      ok: false,
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="ProGet"' },
      body: 'Anonymous access is not allowed; an API key is required.',
    };
  }
  // An empty key list means "any key is valid": tests that only care where the key goes need no setup.
  const valid =
    credential.key !== undefined && (policy.apiKeys.length === 0 || policy.apiKeys.includes(credential.key));
  if (!valid) return { ok: false, status: 403, headers: {}, body: FORBIDDEN_TEXT };
  return { ok: true, method: credential.method };
}
