// Shared test helpers: a valid record, and small wrappers over fetch / node:http.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export const RECORD = {
  Application: 'ProfitCalc',
  Description: 'Deployed by Custom Release Server',
  Target: 'localhost',
  FeedName: 'DefaultNuGet',
  PackageName: 'Newtonsoft.Json',
  Version: '12.0.3',
} as const;

export const DEPLOYMENT_HEADERS = {
  'X-ProGet-Deployment-Application': 'GitHub Actions',
  'X-ProGet-Deployment-Description': 'Deploy #42',
  'X-ProGet-Deployment-Target': 'web-01',
} as const;

export function postJson(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/package-deployment/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(
  baseUrl: string,
  body: Record<string, string>,
  headers: Record<string, string> = {},
  path = '/api/package-deployment/',
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

export interface RawResult {
  status: number;
  headers: IncomingHttpHeaders;
  received: number;
  /** Set when the connection failed before or during the body. */
  error?: NodeJS.ErrnoException;
  /** True when the body ended early (the connection closed before Content-Length bytes). */
  aborted: boolean;
}

/** A GET with node:http, counting body bytes and reporting how the connection ended. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let received = 0;
      let aborted = false;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          received,
          aborted: aborted || !res.complete,
        }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, headers: {}, received: 0, error, aborted: true }),
    );
    req.end();
  });
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A copy of `object` without `key`. */
export function without<T extends Record<string, string>>(object: T, key: keyof T): Record<string, string> {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}
