import { createHash } from 'node:crypto';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { contentSha256, expectedContent, startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { DEPLOYMENT_HEADERS, without } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const FORMS = [
  [
    'universal with a group',
    '/upack/Apps/download/acme/tools/cli/1.2.3',
    'Apps',
    'acme/tools',
    'cli',
    '1.2.3',
  ],
  ['universal without a group', '/upack/Apps/download/cli/1.2.3', 'Apps', undefined, 'cli', '1.2.3'],
  ['nuget', '/nuget/NuGet/package/Newtonsoft.Json/12.0.3', 'NuGet', undefined, 'Newtonsoft.Json', '12.0.3'],
  ['npm', '/npm/Npm/left-pad/-/left-pad-1.3.0.tgz', 'Npm', undefined, 'left-pad', '1.3.0'],
  [
    'npm scoped, encoded',
    '/npm/Npm/%40babel%2fruntime/-/runtime-7.24.0.tgz',
    'Npm',
    '@babel',
    'runtime',
    '7.24.0',
  ],
  [
    'npm scoped, literal',
    '/npm/Npm/@babel/runtime/-/runtime-7.24.0-rc.1.tgz',
    'Npm',
    '@babel',
    'runtime',
    '7.24.0-rc.1',
  ],
  [
    'maven',
    '/maven2/Maven/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar',
    'Maven',
    'org.apache.commons',
    'commons-lang3',
    '3.14.0',
  ],
] as const;

describe.each(FORMS)('%s download', (_label, path, feed, group, name, version) => {
  it('serves the deterministic bytes and records the deployment headers', async () => {
    const response = await fetch(emulator.url + path, {
      headers: {
        ...DEPLOYMENT_HEADERS,
        'X-ProGet-Deployment-Url': 'https://ci.example/run/42',
        'X-ProGet-Deployment-UserName': 'octocat',
        'X-ProGet-Deployment-Date': '2024-05-01T12:00:00Z',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe('1024');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(expectedContent({ group, name, version }))).toBe(true);

    expect(emulator.deployments).toEqual([
      {
        source: 'download',
        auth: 'anonymous',
        record: {
          Application: 'GitHub Actions',
          Description: 'Deploy #42',
          Target: 'web-01',
          FeedName: feed,
          PackageName: name,
          Version: version,
          ...(group && { GroupName: group }),
          UserName: 'octocat',
          Url: 'https://ci.example/run/42',
          Date: '2024-05-01T12:00:00Z',
        },
        receivedAt: expect.any(String),
      },
    ]);
  });
});

describe('downloads', () => {
  it('records nothing without the three required deployment headers', async () => {
    const partial = without(DEPLOYMENT_HEADERS, 'X-ProGet-Deployment-Target');
    const response = await fetch(`${emulator.url}/upack/F/download/cli/1.0.0`, { headers: partial });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(emulator.deployments).toHaveLength(0);
  });

  it('defaults the Date of a download record to now', async () => {
    await (
      await fetch(`${emulator.url}/upack/F/download/cli/1.0.0`, { headers: DEPLOYMENT_HEADERS })
    ).arrayBuffer();
    expect(Date.now() - Date.parse(emulator.deployments[0]?.record.Date ?? '')).toBeLessThan(5000);
  });

  it('answers 400 for a malformed X-ProGet-Deployment-Date', async () => {
    const response = await fetch(`${emulator.url}/upack/F/download/cli/1.0.0`, {
      headers: { ...DEPLOYMENT_HEADERS, 'X-ProGet-Deployment-Date': 'tomorrow' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('X-ProGet-Deployment-Date');
  });

  it('answers 404 for paths that are not downloads', async () => {
    for (const path of ['/upack/F/download/cli', '/nuget/F/package/x', '/npm/F/x/-/y-1.tgz', '/elsewhere']) {
      const response = await fetch(emulator.url + path);
      expect(response.status).toBe(404);
      await response.text();
    }
  });

  it('streams a 50 MB package without holding it in memory, with the expected SHA-256', async () => {
    const pkg = { name: 'big', version: '1.0.0', size: 50 * 1024 * 1024 };
    const big = await startEmulator({ feeds: { Big: { type: 'universal', packages: [pkg] } } });
    try {
      const baseline = process.memoryUsage().rss;
      const response = await new Promise<IncomingMessage>((resolve, reject) =>
        get(`${big.url}/upack/Big/download/big/1.0.0`, resolve).on('error', reject),
      );
      expect(response.headers['content-length']).toBe(String(pkg.size));
      // The reader has not started: a server that buffered the package would hold all of it by now,
      // one that streams stops at a few socket buffers. (Measured while paused, so the client's own
      // garbage does not blur the number.)
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(process.memoryUsage().rss - baseline).toBeLessThan(25 * 1024 * 1024);

      const hash = createHash('sha256');
      let received = 0;
      for await (const chunk of response as AsyncIterable<Buffer>) {
        hash.update(chunk);
        received += chunk.length;
      }
      expect(received).toBe(pkg.size);
      expect(hash.digest('hex')).toBe(contentSha256(pkg));
    } finally {
      await big.close();
    }
  });
});

describe('downloads from configured feeds', () => {
  let feeds: Emulator;
  beforeAll(async () => {
    feeds = await startEmulator({
      feeds: {
        Apps: { type: 'universal', packages: [{ group: 'acme', name: 'cli', version: '1.0.0', size: 10 }] },
        NuGet: { type: 'nuget' },
      },
    });
  });
  afterAll(() => feeds.close());

  it('serves a listed package with its size', async () => {
    const response = await fetch(`${feeds.url}/upack/Apps/download/acme/cli/1.0.0`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(expectedContent({ group: 'acme', name: 'cli', version: '1.0.0', size: 10 }))).toBe(
      true,
    );
  });

  it.each([
    ['an unknown feed', '/upack/Nope/download/acme/cli/1.0.0', 'Feed not found.'],
    ['a feed of another type', '/npm/NuGet/cli/-/cli-1.0.0.tgz', 'Feed not found.'],
    ['an unknown version', '/upack/Apps/download/acme/cli/2.0.0', 'Package not found.'],
    ['an unknown group', '/upack/Apps/download/cli/1.0.0', 'Package not found.'],
  ])('answers 404 for %s', async (_label, path, text) => {
    const response = await fetch(feeds.url + path, { headers: DEPLOYMENT_HEADERS });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(text);
    expect(feeds.deployments).toHaveLength(0);
  });
});
