import { FORBIDDEN_TEXT, startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { DEPLOYMENT_HEADERS, RECORD, basic, postForm, postJson } from './helpers.js';

describe('API keys on the deployment API', () => {
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

  it('accepts the key as the `key` form value of a form post, and does not store it', async () => {
    const response = await postForm(emulator.url, { ...RECORD, key: 'secret-key' });
    expect(response.status).toBe(200);
    expect(emulator.deployments[0]).toMatchObject({ auth: 'form', record: RECORD });
    expect(emulator.deployments[0]?.record).not.toHaveProperty('key');
    expect(emulator.deployments[0]?.ignoredProperties).toBeUndefined();
  });

  it.each(['API_Key', 'api_key'])(
    'accepts the key as the %s property of a JSON body, and does not store it',
    async (name) => {
      const response = await postJson(emulator.url, { [name]: 'secret-key', ...RECORD });
      expect(response.status).toBe(200);
      expect(emulator.deployments[0]).toMatchObject({ auth: 'json', record: RECORD });
      expect(Object.keys(emulator.deployments[0]!.record)).not.toContain(name);
    },
  );

  it('refuses a wrong key in the body with 403, and a body key of the other format is just ignored', async () => {
    expect((await postJson(emulator.url, { ...RECORD, API_Key: 'wrong' })).status).toBe(403);
    expect((await postForm(emulator.url, { ...RECORD, key: 'wrong' })).status).toBe(403);
    // `key` in JSON and API_Key in a form are not documented places: unknown properties, so no key at all.
    expect((await postJson(emulator.url, { ...RECORD, key: 'secret-key' })).status).toBe(401);
    expect((await postForm(emulator.url, { ...RECORD, API_Key: 'secret-key' })).status).toBe(401);
    expect(emulator.deployments).toHaveLength(0);
  });

  it('checks the key before saying what is wrong with the body', async () => {
    const response = await postJson(emulator.url, { Application: 'only' }, { 'X-ApiKey': 'wrong' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN_TEXT);
  });
});

describe('download endpoints read the key where each feed type documents it', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: ['secret-key'], anonymous: false });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const PATHS = {
    universal: '/upack/F/download/g/x/1.0.0',
    nuget: '/nuget/F/package/x/1.0.0',
    npm: '/npm/F/x/-/x-1.0.0.tgz',
    maven: '/maven2/F/org/acme/x/1.0.0/x-1.0.0.jar',
  } as const;
  const PLACES = {
    header: { headers: { 'X-ApiKey': 'secret-key' }, query: '' },
    query: { headers: {}, query: '?key=secret-key' },
    basic: { headers: { Authorization: basic('api', 'secret-key') }, query: '' },
    bearer: { headers: { Authorization: 'Bearer secret-key' }, query: '' },
  } as const;
  const ACCEPTED: Record<keyof typeof PATHS, (keyof typeof PLACES)[]> = {
    universal: ['header', 'query', 'basic'],
    nuget: ['basic'],
    npm: ['basic', 'bearer'],
    maven: ['basic'],
  };
  const cases = Object.entries(PATHS).flatMap(([type, path]) =>
    Object.keys(PLACES).map((place) => [
      type,
      place,
      path,
      ACCEPTED[type as keyof typeof PATHS].includes(place as keyof typeof PLACES),
    ]),
  ) as [string, keyof typeof PLACES, string, boolean][];

  it.each(cases)('%s feed, key in the %s: accepted = %s', async (_type, place, path, accepted) => {
    const { headers, query } = PLACES[place];
    const response = await fetch(`${emulator.url}${path}${query}`, {
      headers: { ...headers, ...DEPLOYMENT_HEADERS },
    });
    await response.arrayBuffer();
    // A key where the endpoint does not look is no key at all: anonymous, refused with a challenge.
    expect(response.status).toBe(accepted ? 200 : 401);
    expect(emulator.deployments.map((d) => d.auth)).toEqual(accepted ? [place] : []);
  });

  it.each(Object.entries(PATHS))('%s feed: a wrong key in basic auth gets 403', async (_type, path) => {
    const response = await fetch(`${emulator.url}${path}`, {
      headers: { Authorization: basic('api', 'nope') },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN_TEXT);
  });

  it('treats an X-ApiKey on a NuGet download as anonymous when anonymous access is on', async () => {
    const open = await startEmulator({ apiKeys: ['secret-key'], anonymous: true });
    try {
      const response = await fetch(`${open.url}${PATHS.nuget}`, {
        headers: { 'X-ApiKey': 'wrong-but-unread', ...DEPLOYMENT_HEADERS },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(open.deployments[0]?.auth).toBe('anonymous');
    } finally {
      await open.close();
    }
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
