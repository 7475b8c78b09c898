import { request } from 'node:http';
import { startEmulator, validateFaultPlan } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { DEPLOYMENT_HEADERS, RECORD, postJson, rawGet } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

it('adds latency before every response', async () => {
  emulator.setFaults({ latencyMs: 150 });
  const started = Date.now();
  expect((await postJson(emulator.url, RECORD)).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

it('fails the first N requests with the status and Retry-After, storing nothing until one succeeds', async () => {
  emulator.setFaults({ failFirst: { count: 2, status: 503, retryAfter: '7' } });
  for (let i = 0; i < 2; i++) {
    const response = await postJson(emulator.url, RECORD);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/Service Unavailable/);
  }
  expect(emulator.deployments).toHaveLength(0);
  expect((await postJson(emulator.url, RECORD)).status).toBe(200);
  expect(emulator.deployments).toHaveLength(1);
  expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 200]);
});

it('can answer with a proxy-style HTML error page', async () => {
  const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
  emulator.setFaults({ failFirst: { count: 1, status: 502, body: page, contentType: 'text/html' } });
  const response = await fetch(`${emulator.url}/nuget/F/package/x/1.0.0`, { headers: DEPLOYMENT_HEADERS });
  expect(response.status).toBe(502);
  expect(response.headers.get('content-type')).toBe('text/html');
  expect(await response.text()).toBe(page);
  expect(emulator.deployments).toHaveLength(0);
});

it('fails a seeded, reproducible subset of requests with failRate', async () => {
  const run = async (seed: number): Promise<number[]> => {
    emulator.reset();
    emulator.setFaults({ failRate: { rate: 0.5, status: 500, seed, retryAfter: '1' } });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const response = await postJson(emulator.url, RECORD);
      await response.text();
      statuses.push(response.status);
    }
    expect(emulator.deployments).toHaveLength(statuses.filter((s) => s === 200).length);
    return statuses;
  };
  const first = await run(42);
  expect(await run(42)).toEqual(first);
  expect(first).toContain(200);
  expect(first).toContain(500);
  expect(await run(7)).not.toEqual(first);
});

it('resets the connection, which the client sees as ECONNRESET', async () => {
  emulator.setFaults({ resetFirst: 1 });
  const first = await rawGet(`${emulator.url}/upack/F/download/cli/1.0.0`, DEPLOYMENT_HEADERS);
  expect(first.error?.code).toBe('ECONNRESET');
  await expect(postJson(emulator.url, RECORD)).resolves.toHaveProperty('status', 200);
  expect(emulator.requests.map((r) => r.status)).toEqual([0, 200]);
  expect(emulator.deployments.map((d) => d.source)).toEqual(['api']);
});

it('sends a short body when truncating downloads, and stores nothing', async () => {
  emulator.setFaults({ truncateDownloads: true });
  const result = await rawGet(`${emulator.url}/upack/F/download/cli/1.0.0`, DEPLOYMENT_HEADERS);
  expect(result.status).toBe(200);
  expect(result.headers['content-length']).toBe('1024');
  expect(result.received).toBe(512);
  expect(result.aborted).toBe(true);
  expect(emulator.deployments).toHaveLength(0);
});

it('hangs requests until close(), which returns promptly', async () => {
  const hanging = await startEmulator({ faults: { hangFirst: 1, latencyMs: 0 } });
  const outcome = new Promise<string>((resolve) => {
    const req = request(`${hanging.url}/api/package-deployment/`, { method: 'POST' }, () =>
      resolve('answered'),
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
  while (hanging.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await hanging.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await outcome).toBe('ECONNRESET');
  expect(hanging.requests[0]?.status).toBe(0);
});

it('close() also ends requests waiting on latency', async () => {
  const slow = await startEmulator({ faults: { latencyMs: 60_000 } });
  const pending = fetch(`${slow.url}/api/package-deployment/`, { method: 'POST' }).then(
    () => 'answered',
    () => 'failed',
  );
  while (slow.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const started = Date.now();
  await slow.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await pending).toBe('failed');
});

it('consumes counters in order: resets, then hangs are skipped when zero, then failures', async () => {
  emulator.setFaults({ resetFirst: 1, failFirst: { count: 1, status: 429 } });
  expect((await rawGet(`${emulator.url}/nuget/F/package/x/1`)).error?.code).toBe('ECONNRESET');
  expect((await rawGet(`${emulator.url}/nuget/F/package/x/1`)).status).toBe(429);
  expect((await rawGet(`${emulator.url}/nuget/F/package/x/1`)).status).toBe(200);
});

it('fails only the requests to failFirst.path, which alone use up its count', async () => {
  emulator.setFaults({ failFirst: { count: 1, status: 500, path: '/nuget/' } });
  expect((await postJson(emulator.url, RECORD)).status).toBe(200);
  expect((await rawGet(`${emulator.url}/upack/F/download/cli/1.0.0`, DEPLOYMENT_HEADERS)).status).toBe(200);
  expect((await rawGet(`${emulator.url}/nuget/F/package/x/1`)).status).toBe(500);
  expect((await rawGet(`${emulator.url}/nuget/F/package/x/1`)).status).toBe(200);
  expect(emulator.deployments.map((d) => d.source)).toEqual(['api', 'download']);
});

it('rejects invalid plans', () => {
  expect(() => validateFaultPlan({ failFirst: { count: 1, status: 500, path: 'api/sca' } })).toThrow(
    'failFirst.path must be a path starting with "/"',
  );
  expect(() => emulator.setFaults({ failRate: { rate: 2, status: 500 } })).toThrow(/rate/);
  expect(() => validateFaultPlan({ failFirst: { count: 1, status: 200 } })).toThrow(/status/);
  expect(() => validateFaultPlan({ latency: 5 })).toThrow(/Unknown fault "latency"/);
});
