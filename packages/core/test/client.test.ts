import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, MockAgent } from 'undici';
import { deploymentClient, type ClientOptions } from './deployment-client';
import type { DeploymentError } from '../src/errors';
import { AZURE_INPUT_NAMES } from '../src/inputs/names';
import type { DeploymentRecord } from '../src/proget/deployment-api';

const KEY = 'sk-client-KEY-0123456789';
const ORIGIN = 'https://proget.example.com';
const PROGET = { 'x-proget-version': '24.0.22.1' };

const record: DeploymentRecord = {
  Application: 'GitHub Actions',
  Description: 'Deployed by workflow "Release" run #7 of acme/app at abc1234',
  Target: 'production',
  FeedName: 'apps',
  PackageName: 'web',
  GroupName: 'acme',
  Version: '1.2.3',
  UserName: 'octocat',
  Url: 'https://github.com/acme/app/actions/runs/1/attempts/1',
  Date: '2026-11-25T10:00:00.000Z',
};

interface Seen {
  path: string;
  headers: Record<string, string>;
  body: string;
}

function setup(options: Partial<ClientOptions> = {}, server = ORIGIN) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const seen: Seen[] = [];
  const sleeps: number[] = [];
  const client = deploymentClient({
    server,
    apiKey: KEY,
    dispatcher: agent,
    retries: 3,
    timeoutMs: 2_000,
    backoffBaseMs: 100,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  // By default ProGet itself answers, with its X-ProGet-Version header; a proxy's answers pass their own headers.
  const reply = (statusCode: number, data = '', headers: Record<string, string> = PROGET) =>
    pool.intercept({ path: /\/api\/package-deployment\/$/, method: 'POST' }).reply((opts) => {
      seen.push({
        path: opts.path,
        headers: Object.fromEntries(
          Object.entries(opts.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
        ),
        body: String(opts.body),
      });
      return { statusCode, data, responseOptions: { headers } };
    });
  return { agent, pool, client, seen, sleeps, reply };
}

/** server-0's first request gets a 503, every other one a 200; the returned list fills with `target:status`. */
function failFirstRecordOnce(pool: ReturnType<MockAgent['get']>, times: number, delayMs?: number): string[] {
  const order: string[] = [];
  let first = true;
  const scope = pool
    .intercept({ path: '/api/package-deployment/', method: 'POST' })
    .reply((opts) => {
      const target = JSON.parse(String(opts.body)).Target as string;
      const status = target === 'server-0' && first ? 503 : 200;
      if (target === 'server-0') first = false;
      order.push(`${target}:${status}`);
      return { statusCode: status, data: '' };
    })
    .times(times);
  if (delayMs) scope.delay(delayMs);
  return order;
}

describe('one deployment record', () => {
  it('POSTs exactly the documented JSON body with the key in X-ApiKey', async () => {
    const { client, seen, reply } = setup();
    reply(200);
    await expect(client.send(record)).resolves.toEqual({ attempts: 1, status: 200 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/api/package-deployment/');
    expect(JSON.parse(seen[0]!.body)).toEqual(record);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers['x-apikey']).toBe(KEY);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('keeps a sub-path and tolerates a trailing slash on the server URL', async () => {
    for (const server of [`${ORIGIN}/proget`, `${ORIGIN}/proget/`]) {
      const { client, seen, reply } = setup({}, server);
      reply(200);
      await client.send(record);
      expect(seen[0]!.path).toBe('/proget/api/package-deployment/');
    }
  });

  it('sends api:KEY basic auth when asked, and nothing at all without a key', async () => {
    const basic = setup({ authMethod: 'basic' });
    basic.reply(200);
    await basic.client.send(record);
    expect(basic.seen[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`,
    );
    expect(basic.seen[0]!.headers['x-apikey']).toBeUndefined();

    const anonymous = setup({ apiKey: undefined });
    anonymous.reply(200);
    await anonymous.client.send(record);
    expect(anonymous.seen[0]!.headers['x-apikey']).toBeUndefined();
    expect(anonymous.seen[0]!.headers.authorization).toBeUndefined();
  });

  it.each([408, 429, 502, 503, 504])(
    'retries %i and succeeds, with the same body every time',
    async (status) => {
      const { client, seen, reply, sleeps } = setup();
      reply(status, 'busy');
      reply(status, 'busy');
      reply(200);
      await expect(client.send(record)).resolves.toEqual({ attempts: 3, status: 200 });
      expect(seen.map((s) => s.body)).toEqual([seen[0]!.body, seen[0]!.body, seen[0]!.body]);
      // Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
      expect(sleeps).toEqual([50, 100]);
    },
  );

  it('honours Retry-After in seconds, capped by the per-request timeout', async () => {
    const { client, reply, sleeps } = setup();
    reply(429, 'slow down', { 'retry-after': '1' });
    reply(503, 'maintenance', { 'retry-after': '120' });
    reply(200);
    await client.send(record);
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it.each([
    [
      400,
      'rejected',
      'Package "web" version 1.2.3 was not found.',
      /check that feed "apps" holds this package/,
    ],
    [401, 'auth', '', /lacks the Feeds_DownloadPackage privilege on feed "apps"; check api-key/],
    [
      403,
      'auth',
      'The specified API key does not have the proper permissions to perform this action.',
      /Feeds_DownloadPackage/,
    ],
    [
      404,
      'not-found',
      'Feed name cannot be found',
      /feed "apps" exists and that server is ProGet's root URL/,
    ],
    [405, 'rejected', '', /root URL of a ProGet server/],
  ])('never retries %i and reports it as %s with the body and a hint', async (status, kind, body, hint) => {
    const { client, seen, reply } = setup();
    reply(status, body);
    const error = await client.send(record).catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ kind, status, attempts: 1 });
    expect((error as Error).message).toBe(
      `proget.example.com responded with ${status} ${({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' } as Record<number, string>)[status]} (ProGet 2024.22)`,
    );
    expect((error as { body?: string }).body).toBe(body || undefined);
    expect((error as { hint: string }).hint).toMatch(hint);
  });

  it('tells an anonymous caller to set the key, by the platform input name', async () => {
    const { client, reply } = setup({ apiKey: undefined, names: AZURE_INPUT_NAMES });
    reply(401);
    await expect(client.send(record)).rejects.toMatchObject({
      kind: 'auth',
      hint: 'ProGet does not allow anonymous access here: set apiKey to a key with Feeds_DownloadPackage on feed "apps".',
    });
  });

  it("names ProGet's version from X-ProGet-Version, in ProGet's release numbering, and never free text", async () => {
    const { client, reply } = setup();
    reply(403, 'The specified API key does not have the proper permissions to perform this action.', {
      'x-proget-version': '24.0.33.2',
    });
    await expect(client.send(record)).rejects.toMatchObject({
      message: 'proget.example.com responded with 403 Forbidden (ProGet 2024.33)',
    });
    // A header that is not a version as ProGet writes it proves nothing: the answer is not taken for ProGet's.
    reply(400, 'Invalid record', { 'x-proget-version': '<script>' });
    await expect(client.send(record)).rejects.toMatchObject({
      message: 'the server at proget.example.com answered 400 Bad Request',
    });
  });

  it('gives up on a persistent 503 after 1 + retries attempts as a server error with one readable line', async () => {
    const { client, seen, reply } = setup({ retries: 2 });
    const page =
      '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1><hr><center>nginx</center></body></html>';
    for (let i = 0; i < 3; i += 1) reply(503, page, { 'content-type': 'text/html' });
    const error = await client.send(record).catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      attempts: 3,
      message: 'the server at proget.example.com answered 503 Service Unavailable after 3 attempts',
      body: '503 Service Temporarily Unavailable nginx',
    });
  });

  it("names a proxy's stock error page by its Server header, not as ProGet's words", async () => {
    const { client, reply } = setup({ retries: 0 });
    const page =
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    reply(502, page, { 'content-type': 'text/html', server: 'nginx' });
    const error = (await client.send(record).catch((e: unknown) => e)) as DeploymentError;
    expect(error.describe()).toBe(
      'the server at proget.example.com answered 502 Bad Gateway (nginx) after 1 attempt — ProGet or a proxy in front of it failed; see its error log.',
    );
    expect(error.describe()).not.toContain('ProGet said');
  });

  it('says "ProGet said" when ProGet answered, with its own text', async () => {
    const { client, reply } = setup({ retries: 0 });
    reply(500, 'Database is unavailable.', { ...PROGET, 'content-type': 'text/plain' });
    const error = (await client.send(record).catch((e: unknown) => e)) as DeploymentError;
    expect(error.describe()).toBe(
      'proget.example.com responded with 500 Internal Server Error (ProGet 2024.22) after 1 attempt — ProGet said: Database is unavailable. — ProGet or a proxy in front of it failed; see its error log.',
    );
  });

  it("quotes a text body from something that is not ProGet as the server's words", async () => {
    const { client, reply } = setup({ retries: 0 });
    reply(403, 'Blocked by policy 42', { 'content-type': 'text/plain', server: 'cloudflare' });
    const error = (await client.send(record).catch((e: unknown) => e)) as DeploymentError;
    expect(error.describe()).toMatch(
      /^the server at proget\.example\.com answered 403 Forbidden \(cloudflare\) — the server said: Blocked by policy 42 — /,
    );
  });

  it('does not follow a redirect with the POST, and says where ProGet moved', async () => {
    const { client, reply } = setup();
    reply(301, '', { ...PROGET, location: 'https://proget.example.org/' });
    await expect(client.send(record)).rejects.toMatchObject({
      kind: 'rejected',
      status: 301,
      hint: expect.stringContaining('ProGet moved to https://proget.example.org/'),
    });
  });

  it('retries a connection error, then reports the host and code', async () => {
    const { client, pool, sleeps } = setup({ retries: 1 });
    const refused = () =>
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    pool.intercept({ path: '/api/package-deployment/', method: 'POST' }).replyWithError(refused());
    pool.intercept({ path: '/api/package-deployment/', method: 'POST' }).replyWithError(refused());
    const error = await client.send(record).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', attempts: 2 });
    expect((error as Error).message).toBe(
      'could not reach proget.example.com (ECONNREFUSED) after 2 attempts',
    );
    expect(sleeps).toHaveLength(1);
  });

  it('does not retry a certificate failure and points at the CA option', async () => {
    const { client, pool } = setup();
    pool.intercept({ path: '/api/package-deployment/', method: 'POST' }).replyWithError(
      Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    );
    await expect(client.send(record)).rejects.toMatchObject({
      kind: 'tls',
      attempts: 1,
      message: 'TLS check failed for proget.example.com: SELF_SIGNED_CERT_IN_CHAIN',
      hint: expect.stringContaining('ca-cert'),
    });
  });

  it('times out each attempt and says after how long and how many attempts', async () => {
    const { client, pool } = setup({ timeoutMs: 100, retries: 1 });
    for (let i = 0; i < 2; i += 1) {
      pool.intercept({ path: '/api/package-deployment/', method: 'POST' }).reply(200, '').delay(1_000);
    }
    await expect(client.send(record)).rejects.toMatchObject({
      kind: 'timeout',
      attempts: 2,
      message: 'no answer from proget.example.com within 0.1 s (2 attempts)',
    });
  });

  it('never puts the key in an error, even when ProGet echoes it back', async () => {
    const { client, reply } = setup();
    reply(400, `Invalid API key ${KEY}`);
    const error = (await client.send(record).catch((e: unknown) => e)) as Error & { describe(): string };
    // The client keeps ProGet's words; redaction happens where text leaves core (report, logs, summaries).
    expect(error.message).not.toContain(KEY);
  });
});

describe('a batch of records', () => {
  const batch = Array.from({ length: 6 }, (_, i) => ({ ...record, Target: `server-${i}` }));

  it('returns one result per record in input order, each with its fate', async () => {
    const { client, pool } = setup({ retries: 0 });
    pool
      .intercept({ path: '/api/package-deployment/', method: 'POST' })
      .reply((opts) => ({
        statusCode: JSON.parse(String(opts.body)).Target === 'server-2' ? 500 : 200,
        data: 'boom',
      }))
      .times(6);
    const results = await client.sendAll(batch, 3);
    expect(results.map((r) => [r.record.Target, r.outcome])).toEqual([
      ['server-0', 'recorded'],
      ['server-1', 'recorded'],
      ['server-2', 'failed'],
      ['server-3', 'recorded'],
      ['server-4', 'recorded'],
      ['server-5', 'recorded'],
    ]);
    expect(results.at(2)!.error).toMatchObject({ kind: 'server', status: 500, body: 'boom' });
  });

  it('stops after an authentication failure and marks the rest skipped', async () => {
    const { client, seen, reply } = setup();
    reply(403, 'The specified API key does not have the proper permissions to perform this action.');
    const results = await client.sendAll(batch, 1);
    expect(seen).toHaveLength(1);
    expect(results.at(0)!.error).toMatchObject({ kind: 'auth', status: 403 });
    expect(results.map((r) => r.outcome)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    // The skipped records were never sent: they say so and why, not the 403 they never got.
    expect(results.at(1)).toEqual({
      record: batch[1],
      outcome: 'skipped',
      attempts: 0,
      reason: 'not sent: the key was refused for an earlier record',
    });
  });

  it('says a skipped record without a key was not sent because anonymous access was refused', async () => {
    const { client, reply } = setup({ apiKey: undefined });
    reply(401, 'Anonymous access is not allowed; an API key is required.');
    const results = await client.sendAll(batch.slice(0, 2), 1);
    expect(results.at(1)).toMatchObject({
      outcome: 'skipped',
      reason: 'not sent: access without a key was refused for an earlier record',
    });
    expect(results.at(1)!.error).toBeUndefined();
  });

  it('sends the first record before the last is produced, and produces each only when its turn comes', async () => {
    const { client, pool } = setup({ retries: 0 });
    const log: string[] = [];
    pool
      .intercept({ path: '/api/package-deployment/', method: 'POST' })
      .reply((opts) => {
        log.push(`sent ${JSON.parse(String(opts.body)).Target}`);
        return { statusCode: 200, data: '' };
      })
      .times(200);
    let done = 0;
    let mostAhead = 0;
    const source = {
      length: 200,
      at: (i: number) => {
        log.push(`produced server-${i}`);
        mostAhead = Math.max(mostAhead, i + 1 - done);
        return { ...record, Target: `server-${i}` };
      },
    };
    const results = await client.sendAll(source, 3, (_result, count) => (done = count));
    expect(log.indexOf('sent server-0')).toBeLessThan(log.indexOf('produced server-199'));
    // Every request slot busy and as many records again waiting (e.g. out a backoff), never the whole batch.
    expect(mostAhead).toBeLessThanOrEqual(6);
    expect(results.length).toBe(200);
    expect(results.count('recorded')).toBe(200);
    expect(results.map((r) => r.record.Target)).toEqual(Array.from({ length: 200 }, (_, i) => `server-${i}`));
  });

  it('keeps at most `concurrency` requests in flight, counted by the server', async () => {
    // A real server counts what is open on its side: a request is in flight from its arrival to its answer.
    let open = 0;
    let peak = 0;
    const server = createServer((req, res) => {
      open += 1;
      peak = Math.max(peak, open);
      req.resume();
      setTimeout(() => {
        open -= 1;
        res.end();
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dispatcher = new Agent();
    try {
      const client = deploymentClient({
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        dispatcher,
      });
      const results = await client.sendAll(batch, 2);
      expect(results.every((r) => r.outcome === 'recorded')).toBe(true);
      expect(peak).toBe(2);
    } finally {
      await dispatcher.close();
      server.close();
    }
  });

  it('frees the slot while a record waits out its backoff, so the others go ahead', async () => {
    const { client, pool } = setup({
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      backoffBaseMs: 200,
      random: () => 1,
    });
    const order = failFirstRecordOnce(pool, 4);
    const results = await client.sendAll(batch.slice(0, 3), 1);
    expect(order).toEqual(['server-0:503', 'server-1:200', 'server-2:200', 'server-0:200']);
    expect(results.map((r) => [r.outcome, r.attempts])).toEqual([
      ['recorded', 2],
      ['recorded', 1],
      ['recorded', 1],
    ]);
  });

  it('puts a retry at the front of the line, so it does not wait for the rest of a long batch', async () => {
    const { client, pool } = setup({
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      backoffBaseMs: 5,
      random: () => 1,
    });
    const order = failFirstRecordOnce(pool, 7, 100);
    await client.sendAll(batch, 1);
    expect(order).toEqual([
      'server-0:503',
      'server-1:200',
      'server-0:200',
      'server-2:200',
      'server-3:200',
      'server-4:200',
      'server-5:200',
    ]);
  });
});
