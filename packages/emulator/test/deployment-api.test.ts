import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { RECORD, postForm, postJson, without } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('POST /api/package-deployment', () => {
  it('stores a JSON record as sent and answers 200 with an empty body', async () => {
    const body = {
      ...RECORD,
      GroupName: '@acme',
      UserName: 'octocat',
      Url: 'https://ci.example/run/1',
      Date: '2024-05-01T12:00:00Z',
    };
    const response = await postJson(emulator.url, body);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(emulator.deployments).toHaveLength(1);
    const [stored] = emulator.deployments;
    expect(stored?.record).toEqual(body);
    expect(stored?.source).toBe('api');
    expect(stored?.auth).toBe('anonymous');
    expect(stored?.contentType).toBe('application/json');
    expect(stored?.ignoredProperties).toBeUndefined();
    expect(Number.isNaN(Date.parse(stored?.receivedAt ?? ''))).toBe(false);
  });

  it('stores a form-encoded record exactly, without a trailing slash too', async () => {
    const response = await postForm(emulator.url, { ...RECORD, Url: 'a&b=c' }, {}, '/api/package-deployment');
    expect(response.status).toBe(200);
    const stored = emulator.deployments[0];
    expect(stored?.record).toMatchObject({ ...RECORD, Url: 'a&b=c' });
    expect(stored?.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('fills in an absent Date with the current time, in ISO 8601', async () => {
    const before = Date.now();
    await postJson(emulator.url, RECORD);
    const date = emulator.deployments[0]?.record.Date ?? '';
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(date)).toBeGreaterThanOrEqual(before - 1000);
  });

  it.each(['Application', 'Description', 'Target', 'FeedName', 'PackageName', 'Version'] as const)(
    'answers 400 naming a missing or blank %s',
    async (name) => {
      const missing = await postJson(emulator.url, without(RECORD, name));
      expect(missing.status).toBe(400);
      expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await missing.text()).toBe(`Missing required property "${name}".`);

      const blank = await postForm(emulator.url, { ...RECORD, [name]: '  ' });
      expect(blank.status).toBe(400);
      expect(await blank.text()).toContain(`"${name}"`);
      expect(emulator.deployments).toHaveLength(0);
    },
  );

  it("binds property names whatever their casing, storing them under ProGet's names", async () => {
    const sent = Object.fromEntries(
      Object.entries(RECORD).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect((await postJson(emulator.url, { ...sent, GROUPNAME: '@acme' })).status).toBe(200);
    expect((await postForm(emulator.url, { ...sent, userName: 'octocat' })).status).toBe(200);
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      { ...RECORD, GroupName: '@acme', Date: expect.any(String) },
      { ...RECORD, UserName: 'octocat', Date: expect.any(String) },
    ]);
  });

  it('lets a later spelling of the same property win', async () => {
    expect((await postJson(emulator.url, { ...RECORD, version: '12.0.4' })).status).toBe(200);
    expect(emulator.deployments[0]?.record.Version).toBe('12.0.4');
  });

  it('ignores unknown properties whatever their value, and lists them on the stored deployment', async () => {
    const response = await postJson(emulator.url, {
      ...RECORD,
      Extra: 1,
      Nested: { a: 'b' },
      Environment: 'prod',
    });
    expect(response.status).toBe(200);
    expect(emulator.deployments[0]?.record).toEqual({ ...RECORD, Date: expect.any(String) });
    expect(emulator.deployments[0]?.ignoredProperties).toEqual(['Extra', 'Nested', 'Environment']);
    expect((await postForm(emulator.url, { ...RECORD, Extra: '1' })).status).toBe(200);
    expect(emulator.deployments[1]?.ignoredProperties).toEqual(['Extra']);
  });

  it('treats null as "not given": a null optional property is absent, a null required one is missing', async () => {
    expect((await postJson(emulator.url, { ...RECORD, UserName: null })).status).toBe(200);
    expect(emulator.deployments[0]?.record).not.toHaveProperty('UserName');
    const missing = await postJson(emulator.url, { ...RECORD, Target: null });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('Missing required property "Target".');
  });

  it('answers 400 for invalid JSON, non-object JSON and non-string values', async () => {
    for (const body of ['{"Application": ', '[1]', JSON.stringify({ ...RECORD, Version: 12 })]) {
      const response = await postJson(emulator.url, body);
      expect(response.status).toBe(400);
      expect((await response.text()).length).toBeGreaterThan(0);
    }
    expect(emulator.deployments).toHaveLength(0);
  });

  it.each(['yesterday', '2024-13-01', '2024-02-30T00:00:00Z', '05/01/2024', ''])(
    'answers 400 naming Date for %j',
    async (date) => {
      const response = await postJson(emulator.url, { ...RECORD, Date: date });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('"Date"');
    },
  );

  it.each(['2024-05-01', '2024-05-01T12:00Z', '2024-05-01T12:00:00.1234567+02:00'])(
    'accepts the ISO 8601 Date %s as sent',
    async (date) => {
      expect((await postJson(emulator.url, { ...RECORD, Date: date })).status).toBe(200);
      expect(emulator.deployments[0]?.record.Date).toBe(date);
    },
  );

  it('answers 400 for an unsupported content type', async () => {
    const response = await fetch(`${emulator.url}/api/package-deployment/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(RECORD),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Content-Type');
  });

  it('answers 405 to other methods', async () => {
    const response = await fetch(`${emulator.url}/api/package-deployment/`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('configured feeds', () => {
  let feeds: Emulator;
  beforeAll(async () => {
    feeds = await startEmulator({
      feeds: {
        DefaultNuGet: { type: 'nuget', packages: [{ name: 'Newtonsoft.Json', version: '12.0.3' }] },
        Anything: { type: 'universal' },
      },
    });
  });
  afterAll(() => feeds.close());

  it('answers 404 "Feed name cannot be found" for an unknown feed', async () => {
    const response = await postJson(feeds.url, { ...RECORD, FeedName: 'Nope' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Feed name cannot be found');
  });

  it('answers 400 naming the package and version when the feed does not have them', async () => {
    const response = await postJson(feeds.url, { ...RECORD, Version: '9.9.9' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Newtonsoft.Json');
    expect(text).toContain('9.9.9');
    expect(feeds.deployments).toHaveLength(0);
  });

  it('accepts listed packages, and any package in a feed that lists none', async () => {
    expect((await postJson(feeds.url, RECORD)).status).toBe(200);
    expect((await postJson(feeds.url, { ...RECORD, FeedName: 'Anything', PackageName: 'x' })).status).toBe(
      200,
    );
    expect(feeds.deployments).toHaveLength(2);
  });
});

describe('GET /feeds/{feed}/{group}/{name}/{version}: the package page the History links point at', () => {
  it('lists the version’s records field by field, escaped, and nothing of other versions', async () => {
    await postJson(emulator.url, { ...RECORD, GroupName: '@acme', Description: 'deployed <b>by</b> CI' });
    await postJson(emulator.url, { ...RECORD, GroupName: '@acme', Version: '9.9.9' });
    const page = await fetch(
      `${emulator.url}/feeds/${RECORD.FeedName}/@acme/${RECORD.PackageName}/${RECORD.Version}`,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('History: 1 deployment record<');
    expect(html).toContain(`<td>${RECORD.Target}</td>`);
    expect(html).toContain('deployed &lt;b&gt;by&lt;/b&gt; CI');
    expect(html).not.toContain('9.9.9');
  });

  it('shows an empty history for a version with no records, and 404 for a path that names no version', async () => {
    const empty = await fetch(`${emulator.url}/feeds/apps/web/1.0.0`);
    expect(await empty.text()).toContain('History: 0 deployment records');
    expect((await fetch(`${emulator.url}/feeds/apps`)).status).toBe(404);
  });
});
