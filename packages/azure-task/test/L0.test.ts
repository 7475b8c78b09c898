// L0 tests the way Microsoft tests its own tasks (microsoft/azure-pipelines-tasks, Tasks/*/Tests/L0.ts):
// azure-pipelines-task-lib's MockTestRunner runs one mock-run script per scenario (test/L0/*.mjs), each a
// TaskMockRunner that sets inputs and variables and then loads the committed bundle, dist/index.cjs.
//
// The runner's verdict alone proves little: it reports success for any run without a failed
// `##vso[task.complete]`, a task that crashed while loading included (the last test shows it). So each
// test also reads the task's result from stdout and what ProGet recorded from the emulator.
//
// MockTestRunner runs the script with spawnSync, which blocks this process: the emulator runs in a process
// of its own. The runner also wants a Node from nodejs.org per handler; its download cache is pre-seeded
// with this machine's Node, laid out as the runner looks for it on this OS, so the tests run offline on
// Linux, macOS and Windows alike (the handlers' Node versions are not tested apart here: CI's matrix runs
// the suite on Node 20 and 24).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { MockTestRunner as Runner } from 'azure-pipelines-task-lib/mock-test';
import { parseCommand, type VsoCommand } from '@proget-deploy/testkit';

const L0 = resolve(__dirname, 'L0');
const CONTEXT = join(L0, 'context.json');
const TASK_JSON = resolve(__dirname, '../../../task.json');
const EMULATOR_BIN = resolve(__dirname, '../../emulator/lib/bin.js');
const KEY = 'az-THE-KEY-1234567890';

/** The Node each handler gets from MockTestRunner (its own table of versions, task-lib 5.x). */
const RUNNER_NODES = { 20: 'v20.13.1', 24: 'v24.10.0' } as const;

let home: string;
let emulator: ChildProcess;
let emulatorUrl: string;
let MockTestRunner: typeof Runner;
const savedEnv = { ...process.env };

/**
 * Where MockTestRunner looks for a downloaded Node (azure-pipelines-task-lib's mock-test.js, getPathToNodeExe):
 * the unpacked tarball's bin/node on Linux and macOS (named x64 whatever the machine), node.exe on Windows.
 */
function downloadedNode(cache: string, version: string): string {
  return process.platform === 'win32'
    ? join(cache, 'node.exe')
    : join(cache, `node-${version}-${process.platform}-x64`, 'bin', 'node');
}

function seedNodeDownload(major: keyof typeof RUNNER_NODES): void {
  const cache = join(home, 'azure-pipelines-task-lib', '_download', `node${major}`);
  const node = downloadedNode(cache, RUNNER_NODES[major]);
  mkdirSync(dirname(node), { recursive: true });
  try {
    // A hard link copies nothing and, unlike a symbolic link, needs no privilege on Windows.
    linkSync(process.execPath, node);
  } catch {
    // Another file system (a temp folder on another drive), or a link the OS refuses: a copy does the same.
    copyFileSync(process.execPath, node);
  }
  writeFileSync(`${cache}.completed`, '');
}

/** Starts `proget-emulator` and resolves to its URL from the one line it prints (deadline: 10 s). */
function startEmulatorProcess(): Promise<string> {
  emulator = spawn(process.execPath, [EMULATOR_BIN, '--api-key', KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the emulator did not start within 10 s')), 10_000);
    let out = '';
    emulator.stdout!.on('data', (chunk) => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        done(url);
      }
    });
  });
}

/** What the mock-run scripts read (L0/deployment-job.mjs): the emulator, and the task entry to load. */
function writeContext(task?: string): void {
  writeFileSync(CONTEXT, JSON.stringify({ url: emulatorUrl, key: KEY, tempDir: home, task }));
}

async function control<T>(path: string, method = 'GET'): Promise<T> {
  const response = await fetch(new URL(`/__emulator/${path}`, emulatorUrl), { method });
  return (response.status === 204 ? undefined : await response.json()) as T;
}

interface Stored {
  record: Record<string, string>;
}
const recorded = async () => (await control<Stored[]>('deployments')).map((d) => d.record);

async function runScenario(script: string, nodeVersion?: 20 | 24): Promise<Runner> {
  const runner = new MockTestRunner(join(L0, script), TASK_JSON);
  await runner.runAsync(nodeVersion);
  return runner;
}

/** The task.complete commands the run printed: exactly one for a task that ran to its end. */
function completions(runner: Runner): VsoCommand[] {
  return runner.stdout
    .split(/\r?\n/)
    .map(parseCommand)
    .filter((c): c is VsoCommand => c?.command === 'task.complete');
}

/** The key appears once, in the command that tells the agent to mask it, and nowhere else. */
function expectKeyOnlyMasked(runner: Runner, key: string): void {
  expect(runner.stdout.split(/\r?\n/).filter((line) => line.includes(key))).toEqual([
    `##vso[task.setsecret]${key}`,
  ]);
  expect(runner.stderr).not.toContain(key);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'l0-home-'));
  seedNodeDownload(20);
  seedNodeDownload(24);
  emulatorUrl = await startEmulatorProcess();
  writeContext();
  // mock-test fixes its download directory from HOME when it is loaded.
  process.env.HOME = home;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  MockTestRunner = require('azure-pipelines-task-lib/mock-test').MockTestRunner;
});
afterAll(() => {
  emulator?.kill();
  process.env = savedEnv;
  rmSync(home, { recursive: true, force: true });
  rmSync(CONTEXT, { force: true });
});
afterEach(() => control('deployments', 'DELETE'));

describe('ProGetRecordDeployment L0 (MockTestRunner)', () => {
  it.each([20, 24] as const)(
    'records the deployment job under the Node%s handler',
    async (node) => {
      const runner = await runScenario('records-deployment.mjs', node);

      expect(runner.succeeded).toBe(true);
      expect(completions(runner).map((c) => [c.properties.result, c.message])).toEqual([
        ['Succeeded', 'Recorded 2 deployments in ProGet feed "internal".'],
      ]);
      const record = {
        FeedName: 'internal',
        Target: 'production',
        UserName: 'Ada Lovelace',
        Url: 'https://dev.azure.com/acme/Shop/_build/results?buildId=4711',
      };
      expect(await recorded()).toEqual([
        expect.objectContaining({ ...record, GroupName: 'acme', PackageName: 'web', Version: '1.2.3' }),
        expect.objectContaining({ ...record, GroupName: 'acme', PackageName: 'api', Version: '2.0.0' }),
      ]);
      expectKeyOnlyMasked(runner, KEY);
    },
    60_000,
  );

  it('fails a malformed package line before any request', async () => {
    const requestsBefore = (await control<unknown[]>('requests')).length;
    const runner = await runScenario('rejects-bad-package.mjs');

    expect(runner.failed).toBe(true);
    const message = 'package line 2 "acme/api 1.0.0": a package spec has no spaces; put one package per line';
    expect(completions(runner).map((c) => [c.properties.result, c.message])).toEqual([['Failed', message]]);
    expect(runner.createdErrorIssue(message)).toBe(true);
    expect(await control<unknown[]>('requests')).toHaveLength(requestsBefore);
  });

  it('fails when ProGet refuses the key, naming the service connection, and records nothing', async () => {
    const runner = await runScenario('wrong-key.mjs');

    expect(runner.failed).toBe(true);
    const [done] = completions(runner);
    expect(done?.properties.result).toBe('Failed');
    expect(done?.message).toContain('check the password (API key) of the proGetService service connection');
    expect(await recorded()).toEqual([]);
    expectKeyOnlyMasked(runner, 'az-WRONG-KEY-0987654321');
  });

  it('would call a task that crashes while loading a success: why these tests read stdout', async () => {
    // An ESM entry with top-level await, as the task's bundle used to be.
    const esmTask = join(home, 'esm-task');
    mkdirSync(esmTask);
    writeFileSync(join(esmTask, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(esmTask, 'index.js'), 'await Promise.resolve();\n');
    writeContext(join(esmTask, 'index.js'));
    try {
      const runner = await runScenario('records-deployment.mjs');
      expect(runner.succeeded).toBe(true);
      expect(completions(runner)).toEqual([]);
      expect(runner.stderr).toMatch(/ERR_REQUIRE_(ASYNC_MODULE|ESM)/);
      expect(await recorded()).toEqual([]);
    } finally {
      writeContext();
    }
  });
});
