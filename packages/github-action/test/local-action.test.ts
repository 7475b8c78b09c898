// The action's sources run by @github/local-action (`pnpm local-action <.env>`, scripts/local-action.mjs),
// the way an author following GitHub's typescript-action template tries an action on a workstation: it
// imports src/main.ts, stubs @actions/core and calls run(). Needs `tsc -b` (core's lib), as CI builds first.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { RUN_ENV, RUN_RECORD } from './fake-platform';

const ROOT = resolve(__dirname, '../../..');
const KEY = 'sk-THE-KEY-1234567890';
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  dir = mkdtempSync(join(tmpdir(), 'local-action-'));
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface LocalRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Writes the .env local-action reads (inputs as INPUT_<NAME>, hyphens kept) and runs the script on it. */
function localAction(inputs: Record<string, string>): Promise<LocalRun> {
  const variables = {
    ...RUN_ENV,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  };
  const dotenv = join(dir, '.env');
  writeFileSync(
    dotenv,
    Object.entries(variables)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
      .join(''),
  );
  const child = spawn(process.execPath, [join(ROOT, 'scripts/local-action.mjs'), dotenv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`local-action did not finish within 90 s:\n${stdout}\n${stderr}`));
    }, 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** local-action's stub prints each output as the (deprecated) `::set-output` command. */
const output = (run: LocalRun, name: string) =>
  new RegExp(`^::set-output name=${name}::(.*)$`, 'm').exec(run.stdout)?.[1];

describe('@github/local-action runs the sources against the emulator', () => {
  it('records the deployment and sets the outputs', async () => {
    const run = await localAction({
      server: emulator.url,
      'api-key': KEY,
      feed: 'internal',
      package: 'acme/web@1.2.3',
      target: 'staging',
    });

    expect(run.code).toBe(0);
    expect(emulator.deployments.map((d) => d.record)).toEqual([RUN_RECORD]);
    expect(output(run, 'count')).toBe('1');
    expect(JSON.parse(output(run, 'records')!)).toEqual([
      expect.objectContaining({
        package: 'acme/web',
        version: '1.2.3',
        target: 'staging',
        outcome: 'recorded',
      }),
    ]);
    expect(run.stdout).toContain('Recorded 1 deployment in ProGet feed "internal".');
    expect(run.stdout.split('\n').filter((line) => line.includes(KEY))).toEqual([`::add-mask::${KEY}`]);
    expect(run.stderr).not.toContain(KEY);
  }, 120_000);

  it('fails a malformed package line through core.setFailed, before any request', async () => {
    const run = await localAction({
      server: emulator.url,
      'api-key': KEY,
      feed: 'internal',
      package: 'acme/web 1.2.3',
      target: 'staging',
    });

    expect(run.stdout).toMatch(/^::error::package line 1 "acme\/web 1.2.3": a package spec has no spaces/m);
    expect(emulator.requests).toEqual([]);
    expect(output(run, 'count')).toBeUndefined();
  }, 120_000);
});
