export type AuthMethod = 'header' | 'basic';

/**
 * The auth-method input's choices: `auto` (the default) sends the key the way each endpoint documents —
 * X-ApiKey for ProGet's /api/ endpoints and the universal feed API, basic `api:KEY` for the NuGet, npm and
 * Maven feed endpoints (FEED_DOWNLOAD_AUTH) — while `header` or `basic` forces one way everywhere, e.g. for a
 * proxy or SSO front end that only passes one.
 */
export const AUTH_METHOD_CHOICES = ['auto', 'header', 'basic'] as const;

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
