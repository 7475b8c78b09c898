/**
 * Joins a path under ProGet's root. The root may carry a sub-path (`https://host/proget/`) and may or may not
 * end with a slash; either way the result keeps every segment. The root was validated with the inputs
 * (inputs/validation.ts, checkServerUrl).
 */
export function proGetUrl(server: string, path: string): URL {
  const base = new URL(server.trim());
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(path.replace(/^\/+/, ''), base);
}

/** The last server's origin: a batch asks about the same server for every request. */
let known = { server: '', origin: '' };

/** Whether a URL is on the server's origin: the only place the API key goes unless the user says otherwise. */
export function onOrigin(url: URL, server: string): boolean {
  if (known.server !== server) known = { server, origin: new URL(server.trim()).origin };
  return url.origin === known.origin;
}
