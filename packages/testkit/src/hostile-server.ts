// Servers that misbehave in ways ProGet itself never would, but a proxy, a load balancer or an attacker in
// front of it might: for the clients' deadline, redirect, TLS and redaction tests. Loopback only, like the
// emulator. Each request is logged before it is answered, so a test can assert how many were sent.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export type HostileBehaviour =
  /** Headers (status, no Content-Length), then one byte every `intervalMs`: `bytes` of them, or forever. */
  | { kind: 'trickle'; status: number; intervalMs: number; bytes?: number }
  /** Headers (status, a Content-Length), then nothing at all. */
  | { kind: 'hang-after-headers'; status: number }
  /** Headers promising `length` bytes, half of them, then a TCP reset. */
  | { kind: 'reset-mid-body'; status: number; length: number }
  /** A redirect to `location`. */
  | { kind: 'redirect'; status: number; location: string }
  /** An ordinary answer. */
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body: string };

export interface HostileRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** When it arrived (Date.now()), so a test can time what a client did after its first request. */
  at: number;
}

export interface HostileServer {
  /** `http(s)://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: HostileRequest[];
  close(): Promise<void>;
}

export interface HostileOptions {
  /** PEM certificate and key: serve https (with a certificate the client does not trust, say). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

function behave(behaviour: HostileBehaviour, res: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  switch (behaviour.kind) {
    case 'trickle': {
      res.writeHead(behaviour.status, { 'content-type': 'text/plain' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write('.');
        sent += 1;
        if (sent === behaviour.bytes) res.end();
      }, behaviour.intervalMs);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'hang-after-headers':
      res.writeHead(behaviour.status, {
        'content-type': 'application/octet-stream',
        'content-length': '1024',
      });
      res.flushHeaders();
      return;
    case 'reset-mid-body':
      res.writeHead(behaviour.status, {
        'content-type': 'application/octet-stream',
        'content-length': String(behaviour.length),
      });
      res.write(Buffer.alloc(Math.floor(behaviour.length / 2), 0x61), () => res.socket?.resetAndDestroy());
      return;
    case 'redirect':
      res.writeHead(behaviour.status, { location: behaviour.location, 'content-type': 'text/plain' });
      res.end(`Moved to ${behaviour.location}`);
      return;
    case 'respond':
      res.writeHead(behaviour.status, { 'content-type': 'text/plain; charset=utf-8', ...behaviour.headers });
      res.end(behaviour.body);
      return;
  }
}

/** Starts a server on 127.0.0.1 that answers each request as `decide` says. */
export async function startHostileServer(
  decide: (request: HostileRequest) => HostileBehaviour,
  options: HostileOptions = {},
): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const request = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: { ...req.headers },
      at: Date.now(),
    };
    requests.push(request);
    // The request body is read and dropped so that an answer never waits on it.
    req.resume();
    behave(decide(request), res, timers);
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no TCP address.');
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
