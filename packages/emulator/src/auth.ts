// API keys, in the three places ProGet reads them: the X-ApiKey header, the `key` query string parameter,
// and basic auth with the user name "api". The emulator records which one a client used, so clients can
// be tested for sending the key where they claim to.
import type { IncomingMessage } from 'node:http';
import type { StoredDeployment } from './types.js';

export type AuthMethod = StoredDeployment['auth'];

/** ProGet's documented text for a key that may not perform the request. */
export const FORBIDDEN_TEXT =
  'The specified API key does not have the proper permissions to perform this action.';

export interface AuthPolicy {
  apiKeys: readonly string[];
  anonymous: boolean;
}

export type AuthResult =
  | { ok: true; method: AuthMethod }
  | { ok: false; status: 401 | 403; headers: Record<string, string>; body: string };

interface Credential {
  method: Exclude<AuthMethod, 'anonymous'>;
  /** undefined for basic auth with a user other than "api": the emulator knows no users. */
  key: string | undefined;
}

/** The first credential present, looking in header, query, then basic auth. Blank values count as absent. */
export function findCredential(req: IncomingMessage, query: URLSearchParams): Credential | undefined {
  const header = req.headers['x-apikey'];
  if (typeof header === 'string' && header !== '') return { method: 'header', key: header };
  const fromQuery = query.get('key');
  if (fromQuery) return { method: 'query', key: fromQuery };
  const authorization = req.headers.authorization;
  const match = authorization ? /^Basic\s+(\S+)\s*$/i.exec(authorization) : null;
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return { method: 'basic', key: user.toLowerCase() === 'api' && password ? password : undefined };
  }
  return undefined;
}

export function authorize(req: IncomingMessage, query: URLSearchParams, policy: AuthPolicy): AuthResult {
  const credential = findCredential(req, query);
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
