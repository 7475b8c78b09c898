import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { resolveTransport } from '../src/plan/transport';
import type { DeploymentRecord } from '../src/proget/deployment-api';
import { createDispatcher, type TransportOptions } from '../src/proget/transport';
import { deploymentClient as ProGetClientOf } from './deployment-client';
import { FIXTURES } from '@proget-deploy/testkit';

/** What the inputs say about the connection: CA files (read as the plan is made), and the transport's own options. */
type Given = Omit<TransportOptions, 'extraCas'> & { caCertPaths?: string[] };

function transportOf(given: Given, env: NodeJS.ProcessEnv): TransportOptions {
  const { caCertPaths = [], ...rest } = given;
  const read = resolveTransport(
    { caCertPaths, caCertInput: 'ca-cert', insecure: Boolean(given.insecure) },
    env,
  );
  return { ...rest, ...(read.extraCas ? { extraCas: read.extraCas } : {}) };
}

const fixtures = FIXTURES;
const CA = join(fixtures, 'ca.pem');
const record: DeploymentRecord = {
  Application: 'test',
  Description: 'transport test',
  Target: 'here',
  FeedName: 'apps',
  PackageName: 'web',
  Version: '1.0.0',
};

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A ProGet stand-in that stores what it is sent. */
function proget(secure: boolean) {
  const received: string[] = [];
  const handler = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      res.end();
    });
  };
  const server = secure
    ? createHttpsServer(
        { cert: readFileSync(join(fixtures, 'server.pem')), key: readFileSync(join(fixtures, 'server.key')) },
        handler,
      )
    : createHttpServer(handler);
  return { server: server as Server, received };
}

/** A forward proxy that tunnels CONNECT and relays plain requests, remembering who asked and with what credentials. */
function forwardProxy() {
  const seen: { method: string; target: string; auth?: string }[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    seen.push({ method: req.method!, target: req.url!, auth: req.headers['proxy-authorization'] });
    const upstream = new URL(req.url!);
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forwarded);
  });
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    seen.push({ method: 'CONNECT', target: req.url!, auth: req.headers['proxy-authorization'] });
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { server, seen, sockets };
}

async function sendThrough(server: string, given: Given, env: NodeJS.ProcessEnv = {}) {
  const dispatcher = createDispatcher(transportOf(given, env), env);
  try {
    const client = ProGetClientOf({ server, dispatcher, retries: 0, timeoutMs: 5_000 });
    return await client.send(record);
  } finally {
    await dispatcher.close();
  }
}

describe('TLS', () => {
  const target = proget(true);
  let url: string;
  beforeAll(async () => {
    url = `https://localhost:${await listen(target.server)}`;
  });
  afterAll(() => target.server.close());

  it('refuses a server signed by an unknown CA, as a TLS error naming the check', async () => {
    await expect(sendThrough(url, {})).rejects.toMatchObject({ kind: 'tls', attempts: 1 });
  });

  it('trusts a private CA given as a PEM file', async () => {
    await expect(sendThrough(url, { caCertPaths: [CA] })).resolves.toMatchObject({ status: 200 });
  });

  it('trusts a private CA from NODE_EXTRA_CA_CERTS alongside ca-cert files', async () => {
    const other = join(fixtures, 'server.pem'); // any PEM: the point is that both stores are combined
    await expect(
      sendThrough(url, { caCertPaths: [other] }, { NODE_EXTRA_CA_CERTS: CA }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('skips verification when insecure, and warns about it', async () => {
    const warnings: string[] = [];
    const dispatcher = createDispatcher(
      { insecure: true },
      {},
      { debug() {}, info() {}, warning: (m) => warnings.push(m), error() {} },
    );
    const client = ProGetClientOf({ server: url, dispatcher, retries: 0 });
    await expect(client.send(record)).resolves.toMatchObject({ status: 200 });
    await dispatcher.close();
    expect(warnings).toEqual([expect.stringContaining('TLS certificate verification is OFF')]);
  });

  it('says which file is wrong when a CA file is missing or not PEM', () => {
    expect(() => transportOf({ caCertPaths: ['/nonexistent/ca.pem'] }, {})).toThrow(
      'ca-cert "/nonexistent/ca.pem" cannot be read: no such file',
    );
    expect(() => transportOf({ caCertPaths: [join(fixtures, 'README.md')] }, {})).toThrow(
      /holds no PEM certificate/,
    );
  });
});

describe('proxy', () => {
  const target = proget(false);
  const secureTarget = proget(true);
  const proxy = forwardProxy();
  let plainUrl: string;
  let secureUrl: string;
  let proxyUrl: string;
  beforeAll(async () => {
    plainUrl = `http://127.0.0.1:${await listen(target.server)}`;
    secureUrl = `https://localhost:${await listen(secureTarget.server)}`;
    proxyUrl = `http://127.0.0.1:${await listen(proxy.server)}`;
  });
  beforeEach(() => (proxy.seen.length = 0));
  afterAll(() => {
    for (const s of proxy.sockets) s.destroy();
    proxy.server.close();
    target.server.close();
    secureTarget.server.close();
  });

  it('goes through HTTPS_PROXY from the environment', async () => {
    await sendThrough(plainUrl, { proxy: 'env' }, { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl });
    expect(proxy.seen).toHaveLength(1);
    expect(target.received.at(-1)).toBe(JSON.stringify(record));
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    await sendThrough(
      plainUrl,
      { proxy: 'env' },
      { HTTP_PROXY: proxyUrl, NO_PROXY: 'example.com,127.0.0.1' },
    );
    expect(proxy.seen).toHaveLength(0);
  });

  it('sends explicit proxy credentials as Proxy-Authorization and tunnels TLS with the private CA', async () => {
    await sendThrough(secureUrl, {
      proxy: { url: proxyUrl, username: 'build agent', password: 'p@ss:word' },
      caCertPaths: [CA],
    });
    expect(proxy.seen).toEqual([
      {
        method: 'CONNECT',
        target: `localhost:${new URL(secureUrl).port}`,
        auth: `Basic ${Buffer.from('build agent:p@ss:word').toString('base64')}`,
      },
    ]);
  });

  it('ignores the environment when told to connect directly', async () => {
    await sendThrough(plainUrl, { proxy: 'none' }, { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl });
    expect(proxy.seen).toHaveLength(0);
  });
});
