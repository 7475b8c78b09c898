import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedContent, startEmulator, type Emulator, type EmulatorPackage } from '@proget-deploy/emulator';
import {
  AZURE_INPUT_NAMES,
  GITHUB_INPUT_NAMES,
  type RawInputs,
  Redactor,
  renderTextTable,
  resolvePlan,
  runPlan,
  silentLogger,
  guardOf,
} from '@proget-deploy/core/internal';
import {} from '@proget-deploy/core/internal';

const KEY = 'sk-download-KEY-1357913579';
const NOW = new Date('2026-11-25T09:30:00.000Z');

describe('download mode against the emulator', () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      apiKeys: [KEY],
      anonymous: false,
      feeds: {
        apps: {
          type: 'universal',
          packages: [
            { group: 'acme/tools', name: 'web', version: '1.2.3', size: 5000 },
            { name: 'solo', version: '2.0.0' },
          ],
        },
        nuget: { type: 'nuget', packages: [{ name: 'Newtonsoft.Json', version: '13.0.3' }] },
        npm: {
          type: 'npm',
          packages: [
            { group: '@acme', name: 'ui', version: '4.5.6' },
            { name: 'left-pad', version: '1.3.0' },
          ],
        },
        maven: { type: 'maven', packages: [{ group: 'org.acme', name: 'core', version: '7.0' }] },
      },
    });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'proget-download-'));
  });
  afterEach(() => {
    emulator.reset();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => emulator.close());

  const run = async (raw: RawInputs, names = GITHUB_INPUT_NAMES) =>
    runPlan(
      resolvePlan(
        {
          server: emulator.url,
          apiKey: KEY,
          target: 'web-01',
          mode: 'download',
          downloadTo: dir,
          retries: '2',
          ...raw,
        },
        {
          application: 'Test CI',
          description: 'Deployed by test',
          user: 'alice',
          url: 'https://ci.example/run/9',
        },
        names,
        { now: () => NOW },
      ),
      { log: silentLogger, backoffBaseMs: 1 },
    );

  const headers = {
    'x-proget-deployment-application': 'Test CI',
    'x-proget-deployment-description': 'Deployed by test',
    'x-proget-deployment-target': 'web-01',
    'x-proget-deployment-url': 'https://ci.example/run/9',
    'x-proget-deployment-username': 'alice',
    'x-proget-deployment-date': '2026-11-25T09:30:00.000Z',
  };
  const BASIC = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`;

  it.each<[string, RawInputs, string, string, EmulatorPackage]>([
    [
      'universal with a group',
      { feed: 'apps', package: 'acme/tools/web@1.2.3', feedType: 'universal' },
      '/upack/apps/download/acme/tools/web/1.2.3',
      'web-1.2.3.upack',
      { group: 'acme/tools', name: 'web', version: '1.2.3', size: 5000 },
    ],
    [
      'universal without a group',
      { feed: 'apps', package: 'solo@2.0.0', feedType: 'universal' },
      '/upack/apps/download/solo/2.0.0',
      'solo-2.0.0.upack',
      { name: 'solo', version: '2.0.0' },
    ],
    [
      'nuget from a purl',
      { feed: 'nuget', package: 'pkg:nuget/Newtonsoft.Json@13.0.3' },
      '/nuget/nuget/package/Newtonsoft.Json/13.0.3',
      'Newtonsoft.Json.13.0.3.nupkg',
      { name: 'Newtonsoft.Json', version: '13.0.3' },
    ],
    [
      'npm scoped purl',
      { feed: 'npm', package: 'pkg:npm/%40acme/ui@4.5.6' },
      '/npm/npm/%40acme/ui/-/ui-4.5.6.tgz',
      'acme-ui-4.5.6.tgz',
      { group: '@acme', name: 'ui', version: '4.5.6' },
    ],
    [
      'npm unscoped',
      { feed: 'npm', package: 'left-pad@1.3.0', feedType: 'npm' },
      '/npm/npm/left-pad/-/left-pad-1.3.0.tgz',
      'left-pad-1.3.0.tgz',
      { name: 'left-pad', version: '1.3.0' },
    ],
    [
      'maven',
      { feed: 'maven', package: 'org.acme:core@7.0', feedType: 'maven' },
      '/maven2/maven/org/acme/core/7.0/core-7.0.jar',
      'core-7.0.jar',
      { group: 'org.acme', name: 'core', version: '7.0' },
    ],
  ])(
    '%s: GETs the feed URL with the custom-record headers and saves the exact bytes',
    async (_name, raw, path, file, pkg) => {
      const report = await run(raw);
      expect(report).toMatchObject({ outcome: 'success', recorded: 1 });
      expect(emulator.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', path, 200]]);
      expect(emulator.requests[0]!.headers).toMatchObject(headers);
      // The key goes where this feed type's endpoint reads it: X-ApiKey for universal, basic for the rest.
      const universal = path.startsWith('/upack/');
      expect(emulator.requests[0]!.headers['x-apikey']).toBe(universal ? KEY : undefined);
      expect(emulator.requests[0]!.headers.authorization).toBe(universal ? undefined : BASIC);
      expect(emulator.deployments).toHaveLength(1);
      expect(emulator.deployments[0]).toMatchObject({
        source: 'download',
        auth: universal ? 'header' : 'basic',
        record: {
          Application: 'Test CI',
          Target: 'web-01',
          FeedName: raw.feed,
          PackageName: pkg.name,
          Version: pkg.version,
          ...(pkg.group ? { GroupName: pkg.group } : {}),
          UserName: 'alice',
          Date: '2026-11-25T09:30:00.000Z',
        },
      });
      expect(report.results.at(0)!.file).toBe(join(dir, file));
      expect(readFileSync(join(dir, file)).equals(expectedContent(pkg))).toBe(true);
      expect(readdirSync(dir)).toEqual([file]);
    },
  );

  it('uses an exact download URL when one is given', async () => {
    const report = await run({
      feed: 'apps',
      package: 'solo@2.0.0',
      downloadUrl: `${emulator.url}/upack/apps/download/solo/2.0.0`,
    });
    expect(report.outcome).toBe('success');
    expect(readdirSync(dir)).toEqual(['2.0.0']);
    expect(emulator.deployments[0]!.record.Target).toBe('web-01');
    // The feed type behind an exact URL is unknown: basic api:KEY is what every feed type documents.
    expect(emulator.deployments[0]!.auth).toBe('basic');
  });

  it('says "package version not found in feed" with the feed and package named on a 404', async () => {
    const report = await run({ feed: 'nuget', package: 'pkg:nuget/Nope@1.0.0' });
    expect(report.outcome).toBe('failure');
    expect(report.message).toBe(
      '1 of 1 deployment record not recorded in ProGet feed "nuget": Nope@1.0.0 → web-01: package version not found in feed "nuget": Nope@1.0.0 — ' +
        'Check the package name, group and version, and that "nuget" is a nuget feed.',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no partial file when the transfer breaks, and reports it after the retries', async () => {
    emulator.setFaults({ truncateDownloads: true });
    const report = await run({ feed: 'apps', package: 'acme/tools/web@1.2.3', feedType: 'universal' });
    expect(report.outcome).toBe('failure');
    expect(report.results.at(0)!.error).toMatchObject({ kind: 'network', attempts: 3 });
    // The emulator ends the connection after half the body: undici reports the early close.
    expect(report.results.at(0)!.error!.message).toMatch(
      /^127\.0\.0\.1:\d+ answered 200 but the connection closed after 2500 of 5000 bytes \(UND_ERR_SOCKET: other side closed\)$/,
    );
    expect(report.results.at(0)!.error!.hint).toBe(
      'The connection broke during the transfer; it is retried, and a download keeps no partial file. If it keeps happening, a proxy or the server is cutting responses short.',
    );
    expect(emulator.requests).toHaveLength(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  // Tests run as root, where chmod does not stop a write: a folder under a regular file fails for anyone.
  it('says it cannot save the file when download-to is unusable: no retry, no partial file, not forgiven', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    const folder = join(dir, 'plain-file', 'dl');
    const report = await run(
      {
        feed: 'apps',
        package: 'acme/tools/web@1.2.3',
        feedType: 'universal',
        downloadTo: folder,
        onError: 'warn',
      },
      AZURE_INPUT_NAMES,
    );
    expect(report.outcome).toBe('failure');
    expect(report.results.at(0)!.error).toMatchObject({
      kind: 'file',
      code: 'ENOTDIR',
      attempts: 1,
    });
    expect(report.message).toBe(
      `1 of 1 deployment record not recorded in ProGet feed "apps": acme/tools/web@1.2.3 → web-01: ` +
        `cannot save web-1.2.3.upack in ${folder}: ENOTDIR (not a directory) — ` +
        'ProGet may have recorded the deployment; the file was not saved. Check downloadTo.',
    );
    // The GET with the deployment headers did reach ProGet, once.
    expect(emulator.requests.map((r) => [r.method, r.status])).toEqual([['GET', 200]]);
    expect(emulator.deployments).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['plain-file']);
  });

  it('says it cannot save the file when it cannot take its place, and removes the partial file', async () => {
    mkdirSync(join(dir, 'web-1.2.3.upack'));
    writeFileSync(join(dir, 'web-1.2.3.upack', 'inside'), 'x');
    const report = await run({ feed: 'apps', package: 'acme/tools/web@1.2.3', feedType: 'universal' });
    const error = report.results.at(0)!.error!;
    expect(error).toMatchObject({ kind: 'file', attempts: 1 });
    expect(error.describe()).toMatch(
      new RegExp(
        `^cannot save web-1\\.2\\.3\\.upack in ${dir.replace(/[.]/g, '\\.')}: (EISDIR|ENOTEMPTY|EEXIST) \\([^)]+\\) — ` +
          'ProGet may have recorded the deployment; the file was not saved\\. Check download-to\\.$',
      ),
    );
    expect(emulator.requests).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['web-1.2.3.upack']);
    expect(readdirSync(join(dir, 'web-1.2.3.upack'))).toEqual(['inside']);
  });

  it('rejects a value that cannot travel in a header before any request, naming the field', async () => {
    await expect(
      run({ feed: 'apps', package: 'solo@2.0.0', feedType: 'universal', user: '张伟' }),
    ).rejects.toThrow('UserName "张伟" cannot travel in an HTTP header');
    await expect(
      run({ feed: 'apps', package: 'solo@2.0.0', feedType: 'universal', description: 'line one\u0007bell' }),
    ).rejects.toThrow('description "line one\\x07bell" contains a control character (\\x07 at position 9)');
    expect(emulator.requests).toHaveLength(0);
  });

  it('needs a feed type for plain specs and names the platform input', async () => {
    await expect(run({ feed: 'apps', package: 'solo@2.0.0' }, AZURE_INPUT_NAMES)).rejects.toThrow(
      'package line 1 "solo@2.0.0": set feedType (universal, nuget, npm, maven) or write the package as a Package URL (pkg:nuget/…) so the download URL can be built',
    );
    await expect(
      run({ feed: 'apps', package: 'solo@2.0.0', target: 'a\nb', feedType: 'universal' }),
    ).rejects.toThrow('download mode records one target per download, but 2 were given');
    expect(emulator.requests).toHaveLength(0);
  });

  it('shows the saved file in the text table', async () => {
    const report = await run({ feed: 'apps', package: 'solo@2.0.0', feedType: 'universal' });
    const table = renderTextTable(report, guardOf(new Redactor([KEY]))).split('\n');
    expect(table[0]).toMatch(/^PACKAGE +VERSION +TARGET +OUTCOME +ATTEMPTS +FILE$/);
    expect(table[1]).toMatch(
      new RegExp(
        `^solo +2\\.0\\.0 +web-01 +recorded +1 +${join(dir, 'solo-2.0.0.upack').replace(/[.]/g, '\\.')}$`,
      ),
    );
  });

  it('plans the files on a dry run without downloading', async () => {
    const report = await run({ feed: 'npm', package: 'pkg:npm/%40acme/ui@4.5.6', dryRun: 'true' });
    expect([...report.results]).toEqual([
      expect.objectContaining({ outcome: 'dry-run', file: join(dir, 'acme-ui-4.5.6.tgz') }),
    ]);
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses a wrong key without retrying and without a file', async () => {
    const report = await runPlan(
      resolvePlan(
        {
          server: emulator.url,
          apiKey: 'wrong-key',
          feed: 'apps',
          package: 'solo@2.0.0',
          feedType: 'universal',
          target: 'x',
          mode: 'download',
          downloadTo: dir,
          onError: 'warn',
        },
        { application: 'Test' },
        GITHUB_INPUT_NAMES,
      ),
      { log: silentLogger },
    );
    expect(report).toMatchObject({ outcome: 'failure', failed: 1 });
    expect(report.results.at(0)!.error).toMatchObject({ kind: 'auth', status: 403 });
    expect(readdirSync(dir)).toEqual([]);
  });

  describe('the key, per feed type', () => {
    const PACKAGES = {
      universal: { feed: 'apps', package: 'solo@2.0.0', feedType: 'universal' },
      nuget: { feed: 'nuget', package: 'pkg:nuget/Newtonsoft.Json@13.0.3' },
      npm: { feed: 'npm', package: 'left-pad@1.3.0', feedType: 'npm' },
      maven: { feed: 'maven', package: 'org.acme:core@7.0', feedType: 'maven' },
    } as const;
    const DEFAULT = { universal: 'header', nuget: 'basic', npm: 'basic', maven: 'basic' } as const;

    it.each(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])(
      '%s: sent the way the feed type documents when auth-method is auto or empty',
      async (type) => {
        for (const authMethod of [undefined, 'auto']) {
          emulator.reset();
          const report = await run({ ...PACKAGES[type], authMethod });
          expect(report.outcome).toBe('success');
          expect(emulator.deployments.map((d) => d.auth)).toEqual([DEFAULT[type]]);
        }
      },
    );

    it.each(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])(
      '%s: auth-method basic sends api:KEY, which every feed endpoint reads',
      async (type) => {
        const report = await run({ ...PACKAGES[type], authMethod: 'basic' });
        expect(report.outcome).toBe('success');
        expect(emulator.requests[0]!.headers).toMatchObject({ authorization: BASIC });
        expect(emulator.requests[0]!.headers['x-apikey']).toBeUndefined();
        expect(emulator.deployments.map((d) => d.auth)).toEqual(['basic']);
      },
    );

    it('universal: a 401 despite the key says how it went and how to send it the other way', async () => {
      // A proxy that passes only basic auth answers 401 as if no key had been sent.
      emulator.setFaults({ failFirst: { count: 1, status: 401, body: 'Authentication required' } });
      const report = await run(PACKAGES.universal);
      expect(report.results.at(0)!.error).toMatchObject({ kind: 'auth', status: 401, attempts: 1 });
      expect(report.message).toMatch(
        / — ProGet did not see the key, sent as X-ApiKey header \(as ProGet documents for universal feeds\); set auth-method to basic to send it as basic auth api:KEY\.$/,
      );
    });

    it('universal: auth-method header sends X-ApiKey', async () => {
      const report = await run({ ...PACKAGES.universal, authMethod: 'header' });
      expect(report.outcome).toBe('success');
      expect(emulator.deployments.map((d) => d.auth)).toEqual(['header']);
    });

    it.each(['nuget', 'npm', 'maven'] as const)(
      '%s: auth-method header is refused, and the message says how the key went and how to change it',
      async (type) => {
        const report = await run({ ...PACKAGES[type], authMethod: 'header' });
        expect(report).toMatchObject({ outcome: 'failure', failed: 1 });
        expect(report.results.at(0)!.error).toMatchObject({ kind: 'auth', status: 401, attempts: 1 });
        expect(report.message).toContain('responded with 401 Unauthorized (ProGet 2025.10)');
        expect(report.message).toMatch(
          / — ProGet did not see the key, sent as X-ApiKey header \(as auth-method asks\); set auth-method to basic to send it as basic auth api:KEY\.$/,
        );
        expect(emulator.requests[0]!.headers['x-apikey']).toBe(KEY);
        expect(emulator.deployments).toHaveLength(0);
        expect(readdirSync(dir)).toEqual([]);
      },
    );

    it.each(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])(
      '%s: a wrong key sent the default way is refused with 403, blaming the key, not the way it went',
      async (type) => {
        const report = await run({ ...PACKAGES[type], apiKey: 'wrong-key' });
        expect(report.results.at(0)!.error).toMatchObject({ kind: 'auth', status: 403, attempts: 1 });
        expect(report.message).toMatch(
          /The API key is unknown, expired, or lacks the Feeds_DownloadPackage privilege on feed "\w+"; check api-key\.$/,
        );
        expect(emulator.deployments).toHaveLength(0);
      },
    );

    it('says on a dry run how the key would travel, without the key', async () => {
      const lines: string[] = [];
      const logger = { ...silentLogger, info: (m: string) => lines.push(m) };
      await runPlan(
        resolvePlan(
          {
            server: emulator.url,
            apiKey: KEY,
            target: 'web-01',
            mode: 'download',
            downloadTo: dir,
            dryRun: 'true',
            ...PACKAGES.nuget,
          },
          { application: 'Test CI' },
          GITHUB_INPUT_NAMES,
        ),
        { log: logger },
      );
      expect(lines).toEqual([expect.stringContaining('/nuget/nuget/package/Newtonsoft.Json/13.0.3 → ')]);
      expect(lines[0]).toContain('(key as basic auth api:KEY)');
      expect(lines.join('\n')).not.toContain(KEY);
      expect(emulator.requests).toHaveLength(0);
    });
  });
});
