import { FORBIDDEN_TEXT, startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { DEPLOYMENT_HEADERS, RECORD, basic, postJson } from './helpers.js';

describe('API keys', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: ['secret-key'], anonymous: false });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('answers 401 with a Basic challenge when no key is sent and anonymous access is off', async () => {
    const response = await postJson(emulator.url, RECORD);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="ProGet"');
    expect(emulator.deployments).toHaveLength(0);
  });

  it("answers 403 with ProGet's text for a wrong key", async () => {
    const response = await postJson(emulator.url, RECORD, { 'X-ApiKey': 'wrong' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN_TEXT);
    expect(FORBIDDEN_TEXT).toBe(
      'The specified API key does not have the proper permissions to perform this action.',
    );
    expect(emulator.deployments).toHaveLength(0);
  });

  it('answers 403 for basic auth with a user other than "api"', async () => {
    const response = await postJson(emulator.url, RECORD, { Authorization: basic('admin', 'secret-key') });
    expect(response.status).toBe(403);
  });

  it.each([
    ['header', { 'X-ApiKey': 'secret-key' }, ''],
    ['query', {}, '?key=secret-key'],
    ['basic', { Authorization: basic('api', 'secret-key') }, ''],
  ] as const)('accepts the key in the %s and records where it came from', async (place, headers, query) => {
    const response = await fetch(`${emulator.url}/api/package-deployment/${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(RECORD),
    });
    expect(response.status).toBe(200);
    expect(emulator.deployments[0]?.auth).toBe(place);
  });

  it('applies the same rules to downloads', async () => {
    const url = `${emulator.url}/nuget/F/package/x/1.0.0`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'X-ApiKey': 'nope' } })).status).toBe(403);
    const ok = await fetch(`${url}?key=secret-key`, { headers: DEPLOYMENT_HEADERS });
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    expect(emulator.deployments[0]).toMatchObject({ source: 'download', auth: 'query' });
  });
});

describe('anonymous access', () => {
  it('is refused once a key is given: a key given means a key required', async () => {
    const emulator = await startEmulator({ apiKeys: ['secret-key'] });
    try {
      expect((await postJson(emulator.url, RECORD)).status).toBe(401);
      expect((await postJson(emulator.url, RECORD, { 'X-ApiKey': 'secret-key' })).status).toBe(200);
      expect(emulator.deployments.map((d) => d.auth)).toEqual(['header']);
    } finally {
      await emulator.close();
    }
  });

  it('is allowed beside a key only when asked for explicitly', async () => {
    const emulator = await startEmulator({ apiKeys: ['secret-key'], anonymous: true });
    try {
      expect((await postJson(emulator.url, RECORD)).status).toBe(200);
      expect((await postJson(emulator.url, RECORD, { 'X-ApiKey': 'wrong' })).status).toBe(403);
      expect(emulator.deployments.map((d) => d.auth)).toEqual(['anonymous']);
    } finally {
      await emulator.close();
    }
  });

  it('is allowed by default, and any key is accepted when no keys are configured', async () => {
    const emulator = await startEmulator();
    try {
      expect((await postJson(emulator.url, RECORD)).status).toBe(200);
      expect((await postJson(emulator.url, RECORD, { 'X-ApiKey': 'whatever' })).status).toBe(200);
      expect(emulator.deployments.map((d) => d.auth)).toEqual(['anonymous', 'header']);
    } finally {
      await emulator.close();
    }
  });
});
