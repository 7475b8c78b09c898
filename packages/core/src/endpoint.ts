import { InvalidInputError } from './errors.js';

/**
 * Joins a path under ProGet's root. The root may carry a sub-path (`https://host/proget/`) and may or may not
 * end with a slash; either way the result keeps every segment.
 */
export function proGetUrl(server: string, path: string, serverInput = 'server'): URL {
  let base: URL;
  try {
    base = new URL(server.trim());
  } catch {
    throw new InvalidInputError(
      `${serverInput} "${server}" is not a URL; use e.g. https://proget.example.com`,
    );
  }
  if (base.search || base.hash || base.username || base.password) {
    // Checked first, and the value is not echoed: a key in the URL would end up in logs.
    throw new InvalidInputError(
      `${serverInput} must be ProGet's root URL without a query string or credentials; pass the key separately`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidInputError(`${serverInput} "${server}" must start with https:// or http://`);
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(path.replace(/^\/+/, ''), base);
}

export const DEPLOYMENT_API_PATH = 'api/package-deployment/';
