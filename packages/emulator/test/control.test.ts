import { Agent, request } from 'node:http';
import { startEmulator } from '../src/index.js';
import type { Emulator, StoredDeployment } from '../src/index.js';
import { RECORD, postJson } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: ['k'], anonymous: false });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('control endpoints', () => {
  it('reports health without auth', async () => {
    const response = await fetch(`${emulator.url}/__emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('lists and clears deployments, keeping the live array', async () => {
    const live = emulator.deployments;
    await postJson(emulator.url, RECORD, { 'X-ApiKey': 'k' });
    const listed = (await (
      await fetch(`${emulator.url}/__emulator/deployments`)
    ).json()) as StoredDeployment[];
    expect(listed).toEqual(emulator.deployments);
    expect(listed[0]?.record).toMatchObject(RECORD);

    expect((await fetch(`${emulator.url}/__emulator/deployments`, { method: 'DELETE' })).status).toBe(204);
    expect(emulator.deployments).toBe(live);
    expect(live).toHaveLength(0);
  });

  it('sets faults, which never apply to control endpoints or the request log', async () => {
    const put = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failFirst: { count: 5, status: 500 } }),
    });
    expect(put.status).toBe(204);
    expect((await fetch(`${emulator.url}/__emulator/health`)).status).toBe(200);
    expect((await postJson(emulator.url, RECORD, { 'X-ApiKey': 'k' })).status).toBe(500);
    const requests = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      status: number;
    }[];
    expect(requests.map((r) => r.status)).toEqual([500]);
    expect(emulator.requests).toHaveLength(1);
  });

  it('answers 400 to an invalid fault plan', async () => {
    for (const body of ['{', '{"failRate":{"rate":"half","status":500}}']) {
      const response = await fetch(`${emulator.url}/__emulator/faults`, { method: 'PUT', body });
      expect(response.status).toBe(400);
      await response.text();
    }
  });
});

describe('connections', () => {
  it('keeps connections alive, and close() does not wait for idle sockets', async () => {
    const own = await startEmulator();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<boolean> =>
      new Promise((resolve, reject) => {
        const req = request(`${own.url}/nuget/F/package/x/1.0.0`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get()).toBe(false);
      expect(await get()).toBe(true);
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      agent.destroy();
      await own.close();
    }
  });

  it('only listens on loopback', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startEmulator({ host: '192.168.1.10' })).rejects.toThrow(/loopback/);
    const own = await startEmulator();
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await own.close();
  });
});
