// `--package-file PATH|-` and `--target-file PATH|-`: long lists from a file or standard input, one per line,
// by the same rules as repeated --package/--target flags, checked on the committed bundle against the emulator.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runCli } from '@proget-deploy/testkit';

const KEY = 'cli-LIST-KEY-1234567890';
const FEED = 'shop-feed';

let emulator: Emulator;
let connection: Record<string, string>;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  connection = { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY, PROGET_FEED: FEED };
  dir = mkdtempSync(join(tmpdir(), 'proget-lists-'));
});
afterEach(() => emulator.reset());
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await emulator.close();
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const stored = () =>
  emulator.deployments.map((d) => `${d.record.PackageName}@${d.record.Version} → ${d.record.Target}`);

describe('--package-file and --target-file', () => {
  it('read one spec per line, skipping blank lines and # comments, and add to --package (packages x targets)', async () => {
    const packages = file('packages.txt', '# web tier\napp@1.0.0\n\n  api@2.0.0  \r\n# end\n');
    const targets = file('targets.txt', 'web-01\nweb-02\n');
    const run = await runCli(
      ['record', '--package-file', packages, '--package', 'worker@3.0.0', '--target-file', targets],
      connection,
    );
    expect(run.code).toBe(0);
    expect(stored().sort()).toEqual(
      [
        'app@1.0.0 → web-01',
        'app@1.0.0 → web-02',
        'api@2.0.0 → web-01',
        'api@2.0.0 → web-02',
        'worker@3.0.0 → web-01',
        'worker@3.0.0 → web-02',
      ].sort(),
    );
  });

  it('read standard input for -', async () => {
    const run = await runCli(
      ['record', '--package-file', '-', '--target', 'web-01'],
      connection,
      'app@1.0.0\napi@2.0.0\n',
    );
    expect(run.code).toBe(0);
    expect(stored().sort()).toEqual(['api@2.0.0 → web-01', 'app@1.0.0 → web-01']);
  });

  it('come from PROGET_PACKAGE_FILE and PROGET_TARGET_FILE too', async () => {
    const run = await runCli(
      ['record'],
      {
        ...connection,
        PROGET_PACKAGE_FILE: file('env-packages.txt', 'app@1.0.0\n'),
        PROGET_TARGET_FILE: '-',
      },
      'staging\n',
    );
    expect(run.code).toBe(0);
    expect(stored()).toEqual(['app@1.0.0 → staging']);
  });

  it('a bad line is named by the file and its line in that file, before anything is sent', async () => {
    const packages = file('bad.txt', '# header\napp@1.0.0\napp@\n');
    const run = await runCli(['record', '--package-file', packages, '--target', 'x'], connection);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `proget-deploy: --package-file ${packages} line 3 "app@": nothing after "@"; write name@version\n`,
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('a missing file is one line naming the flag', async () => {
    const missing = join(dir, 'nope.txt');
    const run = await runCli(['record', '--package-file', missing, '--target', 'x'], connection);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`proget-deploy: --package-file "${missing}" cannot be read: no such file\n`);
    expect(emulator.requests).toHaveLength(0);
  });

  it('a missing file from the variable names the variable; with --json, the error is JSON', async () => {
    const missing = join(dir, 'nope.txt');
    const run = await runCli(['record', '--json', '--package', 'app@1'], {
      ...connection,
      PROGET_TARGET_FILE: missing,
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      exitCode: 2,
      kind: 'invalid-input',
      message: `PROGET_TARGET_FILE "${missing}" cannot be read: no such file`,
    });
  });

  it('only one of them can read standard input', async () => {
    const run = await runCli(['record', '--package-file', '-', '--target-file', '-'], connection, 'app@1\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'proget-deploy: --package-file and --target-file both ask for standard input; give one of them a file\n',
    );
  });

  it('an empty file is no package at all', async () => {
    const run = await runCli(
      ['record', '--package-file', file('empty.txt', '# none yet\n'), '--target', 'x'],
      connection,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^proget-deploy: no package given: set --package-file .*empty\.txt to one name@version per line\n$/,
    );
  });
});
