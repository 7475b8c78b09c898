import { FORBIDDEN_TEXT, contentSha256, startEmulator } from '../src/index.js';
import type { Emulator, StoredPromotion } from '../src/index.js';
import { basic, postForm } from './helpers.js';

const KEY = 'feed-key';
const T0 = Date.UTC(2026, 4, 1, 12, 30, 15, 250);
let clock = T0;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [KEY],
    now: () => clock,
    feeds: {
      'apps-dev': {
        type: 'universal',
        packages: [{ group: 'acme', name: 'web', version: '2.4.0', size: 2048 }],
      },
      'Apps-Prod': { type: 'universal', packages: [] },
      'npm-dev': { type: 'npm', packages: [{ group: '@acme', name: 'ui', version: '1.0.0' }] },
      'npm-prod': { type: 'npm' },
      nuget: { type: 'nuget' },
    },
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  clock = T0;
});

const WEB = { group: 'acme', name: 'web', version: '2.4.0', fromFeed: 'apps-dev', toFeed: 'Apps-Prod' };

function promote(body: unknown, headers: Record<string, string> = { 'x-apikey': KEY }): Promise<Response> {
  return fetch(`${emulator.url}/api/promotions/promote`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function list(query = '', headers: Record<string, string> = { 'x-apikey': KEY }): Promise<Response> {
  return fetch(`${emulator.url}/api/promotions/list${query}`, { headers });
}

describe('POST /api/promotions/promote', () => {
  it('promotes a package with a JSON PromotePackageInput: 200, empty body, recorded', async () => {
    const response = await promote({ ...WEB, comments: 'Approved for production' });
    expect([response.status, response.headers.get('content-length'), await response.text()]).toEqual([
      200,
      '0',
      '',
    ]);
    expect(emulator.promotions).toEqual<StoredPromotion[]>([
      {
        id: 1,
        group: 'acme',
        name: 'web',
        version: '2.4.0',
        packageType: 'upack',
        fromFeed: 'apps-dev',
        toFeed: 'Apps-Prod',
        date: '2026-05-01T12:30:15',
        user: 'SYSTEM',
        comments: 'Approved for production',
        auth: 'header',
        contentType: 'application/json',
      },
    ]);
  });

  it('makes the promoted version exist in the target feed, with the same content', async () => {
    const download = `${emulator.url}/upack/Apps-Prod/download/acme/web/2.4.0`;
    const before = await fetch(download, { headers: { 'x-apikey': KEY } });
    expect([before.status, await before.text()]).toEqual([404, 'Package not found.']);
    expect((await promote(WEB)).status).toBe(200);
    const after = await fetch(download, { headers: { 'x-apikey': KEY } });
    expect(after.status).toBe(200);
    const bytes = Buffer.from(await after.arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      contentSha256({ group: 'acme', name: 'web', version: '2.4.0', size: 2048 }),
    );
    emulator.reset();
    expect((await fetch(download, { headers: { 'x-apikey': KEY } })).status).toBe(404);
  });

  it('accepts a form body with the same names, and the key as a form value', async () => {
    const response = await postForm(
      emulator.url,
      { name: 'web', group: 'acme', version: '2.4.0', fromFeed: 'apps-dev', toFeed: 'apps-prod', key: KEY },
      {},
      '/api/promotions/promote',
    );
    expect(response.status).toBe(200);
    expect(emulator.promotions[0]).toMatchObject({
      toFeed: 'Apps-Prod',
      auth: 'form',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(emulator.promotions[0]).not.toHaveProperty('comments');
  });

  it('stores an npm scope with its "@" whether or not it was sent with one', async () => {
    for (const group of ['@acme', 'acme']) {
      const response = await promote({
        name: 'ui',
        group,
        version: '1.0.0',
        fromFeed: 'npm-dev',
        toFeed: 'npm-prod',
      });
      expect(response.status).toBe(200);
    }
    expect(emulator.promotions.map((p) => [p.group, p.packageType])).toEqual([
      ['@acme', 'npm'],
      ['@acme', 'npm'],
    ]);
  });

  it.each([
    [{ ...WEB, name: undefined, version: ' ' }, 'Missing required properties "name", "version".'],
    [{ ...WEB, toFeed: undefined }, 'Missing required property "toFeed".'],
    [{ ...WEB, fromFeed: 'nowhere' }, 'Feed "nowhere" (fromFeed) was not found.'],
    [{ ...WEB, toFeed: 'nowhere' }, 'Feed "nowhere" (toFeed) was not found.'],
    [
      { ...WEB, toFeed: 'APPS-DEV' },
      '"fromFeed" and "toFeed" are the same feed ("apps-dev"); promote to another feed.',
    ],
    [{ ...WEB, toFeed: 'nuget' }, 'Feeds "apps-dev" (universal) and "nuget" (nuget) are of different types.'],
    [{ ...WEB, version: '9.9.9' }, 'Package "acme/web" version "9.9.9" was not found in feed "apps-dev".'],
    [{ ...WEB, version: 240 }, 'Property "version" must be a string.'],
    [
      { packageName: 'web', groupName: 'acme', version: '2.4.0', fromFeed: 'apps-dev', toFeed: 'Apps-Prod' },
      'Missing required property "name".',
    ],
    ['[1]', 'The request body must be a JSON object (a PromotePackageInput).'],
  ])('answers 400 with a text for invalid input: %j', async (body, text) => {
    const response = await promote(body);
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([
      400,
      'text/plain; charset=utf-8',
      text,
    ]);
    expect(emulator.promotions).toEqual([]);
  });

  it('answers 403 with the documented text for an unknown key, and 401 without one', async () => {
    const wrong = await promote(WEB, { 'x-apikey': 'nope' });
    expect([wrong.status, await wrong.text()]).toEqual([403, FORBIDDEN_TEXT]);
    const none = await promote(WEB, {});
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="ProGet"']);
    const viaJson = await promote({ ...WEB, API_Key: KEY }, {});
    expect(viaJson.status).toBe(200);
    expect(emulator.promotions.map((p) => p.auth)).toEqual(['json']);
  });

  it('answers 405 to other methods and 404 to other paths', async () => {
    const get = await fetch(`${emulator.url}/api/promotions/promote`, { headers: { 'x-apikey': KEY } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const other = await fetch(`${emulator.url}/api/promotions/other`, { headers: { 'x-apikey': KEY } });
    expect(other.status).toBe(404);
  });

  it('promotes any package between any feeds when no feeds are configured', async () => {
    const open = await startEmulator();
    try {
      const response = await fetch(`${open.url}/api/promotions/promote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', version: '1', fromFeed: 'a', toFeed: 'b' }),
      });
      expect(response.status).toBe(200);
      expect(open.promotions[0]).toMatchObject({
        packageType: 'upack',
        fromFeed: 'a',
        toFeed: 'b',
        auth: 'anonymous',
      });
    } finally {
      await open.close();
    }
  });
});

describe('GET /api/promotions/list', () => {
  beforeEach(async () => {
    await promote({ ...WEB, comments: 'first' });
    clock += 60_000;
    await promote(WEB);
    await promote({ name: 'ui', group: 'acme', version: '1.0.0', fromFeed: 'npm-dev', toFeed: 'npm-prod' });
  });

  it('answers PromotedPackage objects, one per package version, with every promotion', async () => {
    const response = await list();
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'application/json; charset=utf-8',
    ]);
    expect(await response.json()).toEqual([
      {
        group: 'acme',
        package: 'web',
        packageType: 'upack',
        version: '2.4.0',
        promotions: [
          {
            fromFeed: 'apps-dev',
            toFeed: 'Apps-Prod',
            date: '2026-05-01T12:30:15',
            user: 'SYSTEM',
            comments: 'first',
            id: 1,
          },
          {
            fromFeed: 'apps-dev',
            toFeed: 'Apps-Prod',
            date: '2026-05-01T12:31:15',
            user: 'SYSTEM',
            comments: null,
            id: 2,
          },
        ],
      },
      {
        group: '@acme',
        package: 'ui',
        packageType: 'npm',
        version: '1.0.0',
        promotions: [
          {
            fromFeed: 'npm-dev',
            toFeed: 'npm-prod',
            date: '2026-05-01T12:31:15',
            user: 'SYSTEM',
            comments: null,
            id: 3,
          },
        ],
      },
    ]);
  });

  it.each([
    ['?fromFeed=NPM-DEV', ['ui']],
    ['?toFeed=apps-prod', ['web']],
    ['?group=acme', ['web', 'ui']],
    ['?group=%40acme&package=UI', ['ui']],
    ['?package=web&version=2.4.0', ['web']],
    ['?package=web&version=2.4', []],
    ['?fromFeed=apps-dev&toFeed=npm-prod', []],
    ['?feed=ignored', ['web', 'ui']],
  ])('filters by %s', async (query, names) => {
    const body = (await (await list(query)).json()) as { package: string }[];
    expect(body.map((p) => p.package)).toEqual(names);
  });

  it('omits the group of a package without one', async () => {
    const open = await startEmulator();
    try {
      await fetch(`${open.url}/api/promotions/promote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Newtonsoft.Json', version: '13.0.3', fromFeed: 'a', toFeed: 'b' }),
      });
      const [entry] = (await (
        await fetch(`${open.url}/api/promotions/list?package=newtonsoft.json`)
      ).json()) as object[];
      expect(entry).not.toHaveProperty('group');
      expect(entry).toMatchObject({ package: 'Newtonsoft.Json', version: '13.0.3' });
    } finally {
      await open.close();
    }
  });

  it('takes a key wherever /api endpoints read one, and refuses a wrong key with 403', async () => {
    expect((await list('', { authorization: basic('api', KEY) })).status).toBe(200);
    expect((await list(`?key=${KEY}`, {})).status).toBe(200);
    const wrong = await list('', { 'x-apikey': 'nope' });
    expect([wrong.status, await wrong.text()]).toEqual([403, FORBIDDEN_TEXT]);
    expect((await list('', {})).status).toBe(401);
  });
});

describe('promotions control endpoint and faults', () => {
  it('lists and clears promotions at /__emulator/promotions, keeping the live array', async () => {
    const live = emulator.promotions;
    await promote(WEB);
    const listed = await (await fetch(`${emulator.url}/__emulator/promotions`)).json();
    expect(listed).toEqual(emulator.promotions);
    expect((await fetch(`${emulator.url}/__emulator/promotions`, { method: 'DELETE' })).status).toBe(204);
    expect(emulator.promotions).toBe(live);
    expect(live).toEqual([]);
    expect(emulator.requests.map((r) => r.path)).toEqual(['/api/promotions/promote']);
  });

  it('applies fault plans to the promotions API', async () => {
    emulator.setFaults({ failFirst: { count: 2, status: 503, retryAfter: '2' } });
    const failed = await promote(WEB);
    expect([failed.status, failed.headers.get('retry-after'), await failed.text()]).toEqual([
      503,
      '2',
      'Service Unavailable (emulated fault)',
    ]);
    expect((await list()).status).toBe(503);
    expect(emulator.promotions).toEqual([]);
    expect((await promote(WEB)).status).toBe(200);
    emulator.setFaults({ resetFirst: 1 });
    await expect(list()).rejects.toThrow();
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 200, 0]);
  });
});
