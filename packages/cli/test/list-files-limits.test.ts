// What the CLI reads from paths and standard input is bounded: a pipe, a device or a directory is one line
// and exit code 2 at once, a list is at most 16 MiB (counted while reading), and its text is UTF-8 or UTF-16
// with a byte order mark. Checked on the committed bundle, against the emulator: nothing is sent.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { CLI_BUNDLE, runCli, type CliRun } from '@proget-deploy/testkit';

const KEY = 'cli-LIMITS-KEY-1234567890';
// A refusal is immediate; these leave room for a slow shared machine, not for reading gigabytes.
const QUICK = 10_000;

let emulator: Emulator;
let connection: Record<string, string>;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'] } });
  connection = { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY, PROGET_FEED: 'shop-feed' };
  dir = mkdtempSync(join(tmpdir(), 'proget-list-limits-'));
});
afterEach(() => emulator.reset());
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await emulator.close();
});

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The CLI with `producer`'s output as its standard input, as in `yes app@1.0.0 | proget-deploy …`. */
function runPiped(producer: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(
      '/bin/sh',
      ['-c', `${producer} | exec "$0" "$@"`, process.execPath, CLI_BUNDLE, ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Exit code 2, that one line on stderr, nothing on stdout, nothing sent. */
function refused(run: CliRun, line: string): void {
  expect(run).toEqual({ code: 2, stdout: '', stderr: `proget-deploy: ${line}\n` });
  expect(emulator.requests).toHaveLength(0);
}

describe('--package-file and --target-file read only regular files', () => {
  it(
    '--package-file /dev/zero is refused at once, instead of reading 600 MiB',
    async () => {
      const run = await runCli(['record', '--package-file', '/dev/zero', '--target', 'x'], connection);
      refused(run, '--package-file "/dev/zero" is not a regular file (a character device)');
    },
    QUICK,
  );

  it(
    'a named pipe is refused at once, instead of waiting for a writer',
    async () => {
      const fifo = join(dir, 'packages.pipe');
      execFileSync('mkfifo', [fifo]);
      const run = await runCli(['record', '--package-file', fifo, '--target', 'x'], connection);
      refused(run, `--package-file "${fifo}" is not a regular file (a named pipe)`);
    },
    QUICK,
  );

  it('a directory from the variable is refused, naming the variable', async () => {
    const sub = join(dir, 'targets');
    mkdirSync(sub);
    const run = await runCli(['record', '--package', 'app@1'], { ...connection, PROGET_TARGET_FILE: sub });
    refused(run, `PROGET_TARGET_FILE "${sub}" is not a regular file (a directory)`);
  });
});

describe('a list is at most 16 MiB, counted while it is read', () => {
  it('a larger file is refused', async () => {
    const big = file('big.txt', '');
    truncateSync(big, 16 * 1024 * 1024 + 1);
    const run = await runCli(['record', '--package-file', big, '--target', 'x'], connection);
    refused(run, `--package-file "${big}" is larger than 16 MiB, the limit for this input`);
  });

  it(
    'endless standard input is refused at 16 MiB, and the CLI stops reading it',
    async () => {
      const run = await runPiped(
        'yes app@1.0.0',
        ['record', '--package-file', '-', '--target', 'x'],
        connection,
      );
      refused(run, '--package-file "-" is larger than 16 MiB, the limit for this input');
    },
    QUICK,
  );
});

describe('a list is UTF-8 or UTF-16 with a byte order mark', () => {
  const stored = () => emulator.deployments.map((d) => `${d.record.PackageName}@${d.record.Version}`);

  it('reads a list saved as UTF-16 (as Windows PowerShell 5 writes with >) or as UTF-8 with a mark', async () => {
    const utf16 = file(
      'utf16.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('app@1.0.0\r\napi@2.0.0\r\n', 'utf16le')]),
    );
    const bom = file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('web@3.0.0\n')]));
    const run = await runCli(['record', '--package-file', utf16, '--target-file', bom], {
      ...connection,
      PROGET_PACKAGE: 'one@1',
    });
    expect(run.stderr).not.toContain('proget-deploy:');
    expect(run.code).toBe(0);
    expect(stored().sort()).toEqual(['api@2.0.0', 'app@1.0.0', 'one@1']);
    expect(new Set(emulator.deployments.map((d) => d.record.Target))).toEqual(new Set(['web@3.0.0']));
  });

  it('refuses invalid UTF-8, naming the byte', async () => {
    const latin1 = file(
      'latin1.txt',
      Buffer.concat([Buffer.from('app@1.0.0\ncaf'), Buffer.from([0xe9]), Buffer.from('@1\n')]),
    );
    const run = await runCli(['record', '--package-file', latin1, '--target', 'x'], connection);
    refused(run, `--package-file "${latin1}" is not valid UTF-8 (byte 13)`);
  });
});

describe('the other files the CLI reads are bounded the same way', () => {
  it(
    '--sbom /dev/zero is refused at once, instead of reading gigabytes',
    async () => {
      const run = await runCli(
        ['record', '--sca-project', 'Web', '--sca-build', '1', '--sca-stage', 'Test', '--sbom', '/dev/zero'],
        connection,
      );
      refused(run, '--sbom "/dev/zero" is not a regular file (a character device)');
    },
    QUICK,
  );

  it(
    '--ca-cert naming a pipe is refused at once',
    async () => {
      const fifo = join(dir, 'ca.pipe');
      execFileSync('mkfifo', [fifo]);
      const run = await runCli(
        ['record', '--package', 'app@1', '--target', 'x', '--ca-cert', fifo],
        connection,
      );
      refused(run, `--ca-cert "${fifo}" is not a regular file (a named pipe)`);
    },
    QUICK,
  );
});
