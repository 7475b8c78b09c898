import type { ChoiceOf } from './input-catalogue.js';

export type AuthMethod = ChoiceOf<'authMethod'>;

/**
 * ProGet takes a key in X-ApiKey (its first choice) or as basic auth with the user name `api`, which some
 * proxies and SSO front ends require. No key: anonymous, and ProGet decides.
 */
export function authHeaders(apiKey: string | undefined, method: AuthMethod): Record<string, string> {
  if (!apiKey) return {};
  if (method === 'basic')
    return { authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}` };
  return { 'x-apikey': apiKey };
}
