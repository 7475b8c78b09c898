/** The ways a key travels; the auth-method input adds `auto`, each endpoint's own (FEED_TYPE_TABLE). */
export type AuthMethod = 'header' | 'basic';

/**
 * ProGet takes a key in X-ApiKey or as basic auth with the user name `api`
 * (https://docs.inedo.com/docs/proget/api/apikeys#using-api-keys). No key: anonymous, and ProGet decides.
 */
export function authHeaders(apiKey: string | undefined, method: AuthMethod): Record<string, string> {
  if (!apiKey) return {};
  if (method === 'basic')
    return { authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}` };
  return { 'x-apikey': apiKey };
}

/** How a log line names the way the key travels, never the key itself. */
export function describeAuth(method: AuthMethod): string {
  return method === 'basic' ? 'basic auth api:KEY' : 'X-ApiKey header';
}
