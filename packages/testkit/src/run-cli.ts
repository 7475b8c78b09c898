// Runs the committed bundle as a user's CI would: a child process with only the variables we give it (never
// this test process's own, which may be a real CI), collecting its output and exit code.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT } from './repo.js';
import { join } from 'node:path';

/** The CLI's committed bundle. */
export const CLI_BUNDLE = join(REPO_ROOT, 'packages', 'cli', 'dist', 'index.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `stdin`: what is piped to the CLI's standard input (otherwise it has none). `noFileWrites`: run under
 * `ulimit -f 0`, so any write to a file fails with EFBIG (a full disk that even root cannot write past).
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
  noFileWrites = false,
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const command = noFileWrites
      ? ['/bin/sh', '-c', 'ulimit -f 0 && exec "$@"', 'sh', process.execPath, CLI_BUNDLE, ...args]
      : [process.execPath, CLI_BUNDLE, ...args];
    const child = spawn(command[0]!, command.slice(1), {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
