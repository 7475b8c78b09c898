#!/usr/bin/env node
// The `proget-deploy` executable: binds the CLI to this process. Everything else is in main.ts, so tests can
// drive it with their own environment and streams.
import { hostname, userInfo } from 'node:os';
import { tuneForShortProcess } from '@proget-deploy/core';
import { main } from './main.js';

function osUsername(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // No passwd entry for this uid (common in containers): fall back to what the shell says.
    return process.env.USER || process.env.USERNAME || undefined;
  }
}

/** All of standard input, for `--package-file -`; at a terminal, the user is told how to end it. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Reading standard input, one per line; end with Ctrl-D.\n');
  process.stdin.setEncoding('utf8');
  let text = '';
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

tuneForShortProcess();

main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  machine: { username: osUsername, hostname },
  readStdin,
}).then((code) => {
  // exitCode rather than exit(): stdout is flushed before the process ends, even when piped.
  process.exitCode = code;
});
