// Download auth per feed type, through the committed CLI bundle against an emulator whose feed endpoints
// read the key only where ProGet documents it: X-ApiKey (or basic) for universal feeds, basic api:KEY for
// NuGet, npm and Maven. The matrix: the default per type, each override, and a wrong key.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runCli, type CliRun } from '@proget-deploy/testkit';

const KEY = 'cli-download-KEY-24680';

const PACKAGES = {
  universal: ['--feed', 'apps', '--feed-type', 'universal', '--package', 'tools/app@1.2.3'],
  nuget: ['--feed', 'nugets', '--package', 'pkg:nuget/Newtonsoft.Json@13.0.3'],
  npm: ['--feed', 'npms', '--feed-type', 'npm', '--package', '@acme/ui@4.5.6'],
  maven: ['--feed', 'mavens', '--feed-type', 'maven', '--package', 'org.acme:core@7.0'],
} as const;
type FeedType = keyof typeof PACKAGES;
const TYPES = Object.keys(PACKAGES) as FeedType[];
const DEFAULT: Record<FeedType, 'header' | 'basic'> = {
  universal: 'header',
  nuget: 'basic',
  npm: 'basic',
  maven: 'basic',
};

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [KEY],
    anonymous: false,
    feeds: {
      apps: { type: 'universal' },
      nugets: { type: 'nuget' },
      npms: { type: 'npm' },
      mavens: { type: 'maven' },
    },
  });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'proget-deploy-auth-'));
});
afterEach(() => {
  emulator.reset();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => emulator.close());

function download(type: FeedType, extra: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['download', ...PACKAGES[type], '--target', 'web-01', '--download-to', dir, ...extra], {
    PROGET_SERVER: emulator.url,
    PROGET_API_KEY: KEY,
    ...env,
  });
}

function expectNoKey(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toContain(KEY);
}

describe('proget-deploy download: where the key goes, per feed type', () => {
  it.each(TYPES)('%s: by default the way ProGet documents for the feed type', async (type) => {
    const run = await download(type);
    expect(run.code).toBe(0);
    expect(emulator.deployments.map((d) => [d.source, d.auth])).toEqual([['download', DEFAULT[type]]]);
    expect(readdirSync(dir)).toHaveLength(1);
    expectNoKey(run);
  });

  it.each(TYPES)('%s: --auth-method basic sends api:KEY, which every feed endpoint reads', async (type) => {
    const run = await download(type, ['--auth-method', 'basic']);
    expect(run.code).toBe(0);
    expect(emulator.deployments.map((d) => d.auth)).toEqual(['basic']);
    expect(emulator.requests[0]!.headers['x-apikey']).toBeUndefined();
  });

  it.each(TYPES)(
    '%s: PROGET_AUTH_METHOD=header sends X-ApiKey, read only by universal feeds',
    async (type) => {
      const run = await download(type, [], { PROGET_AUTH_METHOD: 'header' });
      expect(emulator.requests[0]!.headers['x-apikey']).toBe(KEY);
      if (type === 'universal') {
        expect(run.code).toBe(0);
        expect(emulator.deployments.map((d) => d.auth)).toEqual(['header']);
      } else {
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('responded with 401 Unauthorized (ProGet 2025.10)');
        expect(run.stderr).toContain(
          'ProGet did not see the key, sent as X-ApiKey header (as PROGET_AUTH_METHOD asks); set PROGET_AUTH_METHOD to basic to send it as basic auth api:KEY.',
        );
        expect(emulator.deployments).toHaveLength(0);
        expect(readdirSync(dir)).toEqual([]);
      }
      expectNoKey(run);
    },
  );

  it.each(TYPES)('%s: a wrong key is refused (exit 1, 403), blaming the key', async (type) => {
    const run = await download(type, [], { PROGET_API_KEY: 'not-the-key' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('responded with 403 Forbidden (ProGet 2025.10)');
    expect(run.stderr).toContain('check PROGET_API_KEY');
    expect(run.stderr).not.toContain('did not see the key');
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.deployments).toHaveLength(0);
    expect(run.stdout + run.stderr).not.toContain('not-the-key');
  });

  it('refuses an unknown --auth-method before any request (exit 2)', async () => {
    const run = await download('nuget', ['--auth-method', 'bearer']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--auth-method must be auto, header or basic, not "bearer"');
    expect(emulator.requests).toHaveLength(0);
  });
});
