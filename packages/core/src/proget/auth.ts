/**
 * The ways a key travels. ProGet takes a key in X-ApiKey or as basic auth with the user name `api`
 * (https://docs.inedo.com/docs/proget/api/apikeys#using-api-keys). No key: anonymous, and ProGet decides.
 */
export type KeyPlacement = 'header' | 'basic';

export function authHeaders(apiKey: string | undefined, placement: KeyPlacement): Record<string, string> {
  if (!apiKey) return {};
  if (placement === 'basic')
    return { authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}` };
  return { 'x-apikey': apiKey };
}

/** How a log line names the way the key travels, never the key itself. */
export function describeAuth(placement: KeyPlacement): string {
  return placement === 'basic' ? 'basic auth api:KEY' : 'X-ApiKey header';
}
