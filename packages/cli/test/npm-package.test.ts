// The CLI as npm users get it: the package scripts/pack-cli.mjs stages and packs (what the release publishes),
// installed with plain npm into an empty prefix
// (offline: the package has no dependencies to fetch), then the installed `proget-deploy` records a
// deployment against the emulator.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';

const CLI_DIR = resolve(__dirname, '..');
const ROOT = resolve(CLI_DIR, '../..');
const KEY = 'cli-THE-KEY-1234567890';
const run = promisify(execFile);

let scratch: string;
let tarball: string;
let prefix: string;
let emulator: Emulator;

/** npm with its cache in the scratch directory, so the test neither reads nor fills the user's. */
const npm = (args: string[], cwd: string) =>
  run(
    'npm',
    [...args, '--cache', join(scratch, 'npm-cache'), '--no-audit', '--no-fund', '--no-update-notifier'],
    {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-package-'));
  emulator = await startEmulator({ apiKeys: [KEY] });
  const packed = await run(
    process.execPath,
    [join(ROOT, 'scripts', 'pack-cli.mjs'), '--destination', scratch],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  tarball = packed.stdout.trim();
  prefix = join(scratch, 'prefix');
  mkdirSync(prefix);
  await npm(['install', '--offline', '--prefix', prefix, tarball], prefix);
}, 240_000);
afterAll(async () => {
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
});

const installed = () => join(prefix, 'node_modules', 'proget-deploy');
const manifest = () => JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));

describe('the proget-deploy package on npm', () => {
  it('holds only what runs, its README and its license', async () => {
    const listed = await run('tar', ['-tzf', tarball], { encoding: 'utf8' });
    // The bundle's chunks (stages a run imports when it needs them) are part of what runs.
    const chunks = readdirSync(join(CLI_DIR, 'dist')).filter((file) => /^\d+\.index\.js$/.test(file));
    expect(chunks.length).toBeGreaterThan(0);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(
      [
        'package/LICENSE',
        'package/README.md',
        ...chunks.map((chunk) => `package/dist/${chunk}`),
        'package/dist/index.js',
        'package/dist/licenses.txt',
        'package/dist/package.json',
        'package/package.json',
      ].sort(),
    );
    expect(readFileSync(join(installed(), 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
    );
  });

  it('has no dependencies to install, nothing workspace-only, and the metadata npm shows', () => {
    const pkg = manifest();
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('private');
    expect(JSON.stringify(pkg)).not.toContain('workspace:');
    expect(pkg).toMatchObject({
      name: 'proget-deploy',
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      license: 'MIT',
      bin: { 'proget-deploy': 'dist/index.js' },
      engines: { node: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node },
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/) },
    });
    expect(pkg.keywords).toEqual(expect.arrayContaining(['proget', 'deployment']));
    // npm installed nothing else.
    expect(JSON.parse(readFileSync(join(prefix, 'package-lock.json'), 'utf8')).packages).toEqual({
      '': expect.anything(),
      'node_modules/proget-deploy': expect.objectContaining({ version: manifest().version }),
    });
  });

  it('the installed proget-deploy records a deployment', async () => {
    const bin = join(prefix, 'node_modules', '.bin', 'proget-deploy');
    const result = await run(bin, ['record', '--package', 'acme/web@1.2.3', '--target', 'production'], {
      encoding: 'utf8',
      timeout: 60_000,
      // A terminal outside any CI: only the connection, and this Node first on PATH for the shebang.
      env: {
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
        PROGET_SERVER: emulator.url,
        PROGET_API_KEY: KEY,
        PROGET_FEED: 'internal',
        PROGET_DEPLOYMENT_USER: 'ada',
      },
    });

    expect(result.stdout).toContain('Recorded 1 deployment in ProGet feed "internal".');
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      expect.objectContaining({
        Application: 'proget-deploy',
        FeedName: 'internal',
        GroupName: 'acme',
        PackageName: 'web',
        Version: '1.2.3',
        Target: 'production',
        UserName: 'ada',
      }),
    ]);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });
});
