// One request/response pair and the small helpers every handler answers through. Routing every response
// through here keeps the request log's status in step with what was actually sent.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestLogEntry } from './types.js';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Absent for control endpoints, which are not logged. */
  log?: RequestLogEntry;
}

/** Sends the status line and headers, and records the status in the request log. */
export function writeHead(ex: Exchange, status: number, headers: OutgoingHttpHeaders): void {
  if (ex.log) ex.log.status = status;
  ex.res.writeHead(status, headers);
}

export function sendText(
  ex: Exchange,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, 'utf8');
  writeHead(ex, status, {
    'content-type': 'text/plain; charset=utf-8',
    ...headers,
    'content-length': bytes.length,
  });
  ex.res.end(ex.req.method === 'HEAD' ? undefined : bytes);
}

/** 200 with an empty body (ProGet's answer to a stored deployment), or 204 for control endpoints. */
export function sendEmpty(ex: Exchange, status: number): void {
  writeHead(ex, status, status === 204 ? {} : { 'content-length': 0 });
  ex.res.end();
}

export function sendJson(ex: Exchange, status: number, value: unknown): void {
  sendText(ex, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8' });
}

export function methodNotAllowed(ex: Exchange, allowed: string[]): void {
  sendText(ex, 405, `Method ${ex.req.method ?? ''} is not allowed here.`, { allow: allowed.join(', ') });
}

export class BodyTooLargeError extends Error {}

/**
 * Reads a request body up to `limit` bytes. Deployment records are tiny; the limit stops a runaway client
 * from filling the test process's memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new BodyTooLargeError(`Request body exceeds ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/** What the route handlers share with the server. */
export interface HandlerContext {
  catalog: import('./catalog.js').Catalog;
  faults: import('./faults.js').FaultController;
  deployments: import('./types.js').StoredDeployment[];
  /**
   * Checks the request's API key, looking only in `places` (default: where /api/... endpoints read it) and
   * in `bodyKey` when the body carried one. On failure it has already answered and returns undefined.
   */
  authenticate(
    ex: Exchange,
    places?: readonly import('./auth.js').KeyPlace[],
    bodyKey?: import('./auth.js').BodyKey,
  ): import('./auth.js').AuthMethod | undefined;
}
