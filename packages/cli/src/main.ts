import { hostname, userInfo } from 'node:os';
import {
  asDeploymentError,
  InvalidInputError,
  LIST_FILE_MAX_BYTES,
  OutputSink,
  parseBoolean,
  readTextStream,
  Redactor,
  type OutputChannel,
} from '@proget-deploy/core';
import { parseCommandLine, UsageError } from './command-line.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { RECORD_FLAGS, SECRET_FLAGS } from './flags.js';
import { generalHelp, recordHelp } from './help.js';
import type { ReadStdin } from './list-files.js';
import { readSettings } from './inputs.js';
import { recordCommand } from './record-command.js';
import { jsonError } from './results.js';
import { StatusStream, type TextStream } from './status-stream.js';
import type { Machine } from './terminal-context.js';
import { CLI_VERSION } from './version.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: TextStream;
  stderr: TextStream;
  machine: Machine;
  /** Standard input to its end, for `--package-file -` and `--target-file -`. */
  readStdin: ReadStdin;
}

const JSON_FLAG = RECORD_FLAGS.find((f) => f.flag === 'json')!;

/**
 * Whether the caller wants JSON, decided before the command line is parsed: a script that asked for it gets
 * a JSON object even when its command line is wrong. The last `--json`/`--json=…` wins, then PROGET_JSON.
 */
function wantsJson(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const flag = `--${JSON_FLAG.flag}`;
  const given = argv.filter((arg) => arg === flag || arg.startsWith(`${flag}=`)).pop();
  try {
    if (given !== undefined) return given === flag || parseBoolean(given.slice(flag.length + 1), flag);
    return parseBoolean(env[JSON_FLAG.env], JSON_FLAG.env);
  } catch {
    // A bad value is reported by the parser as a usage error; the caller plainly asked for JSON.
    return true;
  }
}

/**
 * The keys as typed, found before anything else reads the command line: even a line the parser rejects
 * (a stray positional argument, an unknown flag) must not echo them.
 */
function keysIn(argv: readonly string[], env: NodeJS.ProcessEnv): (string | undefined)[] {
  return SECRET_FLAGS.flatMap((spec) => {
    const flag = `--${spec.flag}`;
    const fromArgs = argv.flatMap((arg, i) =>
      arg === flag ? [argv[i + 1]] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : [],
    );
    return [...fromArgs, env[spec.env]];
  });
}

/** stderr and stdout as the sink writes to them. */
function channel(io: CliIo, status: StatusStream, verbose: () => boolean): OutputChannel {
  return {
    print(level, text) {
      status.line(level === 'info' ? text : `${level}: ${text}`);
    },
    hidesDebug: () => !verbose(),
    // A terminal has no log to mask in; the sink masks every secret in what this process prints.
    markSecret() {},
    printResult: (text) => void io.stdout.write(text),
  };
}

/** The whole CLI, given its arguments and the process around it; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const status = new StatusStream(io.stderr);
  let verbose = false;
  const out = channel(io, status, () => verbose);
  const sink = new OutputSink(out, new Redactor(keysIn(argv, io.env)));
  const json = wantsJson(argv, io.env);
  const fail = (code: number, kind: string, message: string): number => {
    status.discardAnnouncement();
    status.line(sink.safe(`proget-deploy: ${message}`));
    if (json) sink.result(jsonError(code, kind, message));
    return code;
  };
  try {
    const command = parseCommandLine(argv);
    switch (command.name) {
      case 'help':
        sink.result(generalHelp());
        return EXIT_OK;
      case 'record-help':
        sink.result(recordHelp());
        return EXIT_OK;
      case 'version':
        sink.result(`${CLI_VERSION}\n`);
        return EXIT_OK;
      case 'record': {
        const settings = readSettings(command.flags, io.env);
        verbose = settings.verbose;
        return await recordCommand(settings, {
          env: io.env,
          channel: out,
          sink,
          status,
          machine: io.machine,
          readStdin: io.readStdin,
        });
      }
    }
  } catch (error) {
    status.clearProgress();
    if (error instanceof UsageError) return fail(EXIT_USAGE, 'usage', error.message);
    if (error instanceof InvalidInputError) return fail(EXIT_USAGE, 'invalid-input', error.message);
    // Anything else is a bug, not the user's input: one line in core's words, its stack only with --verbose.
    const bug = asDeploymentError(error);
    if (verbose && bug.details.stack) status.line(sink.safe(bug.details.stack));
    return fail(EXIT_FAILED, 'unexpected', bug.describe());
  }
}

function osUsername(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // No passwd entry for this uid (common in containers): fall back to what the shell says.
    return process.env.USER || process.env.USERNAME || undefined;
  }
}

/**
 * All of standard input, for `--package-file -`; at a terminal, the user is told how to end it. Capped while
 * reading like a list file, but with no deadline: a pipe is the user's own command, which may take its time
 * producing the list (a script asking an API), and waiting for it to end is what every filter reading standard
 * input does; a command that never ends is the CI job's timeout to stop, like any other step that hangs.
 */
async function readStdin(input: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Reading standard input, one per line; end with Ctrl-D.\n');
  return readTextStream(process.stdin, { input, maxBytes: LIST_FILE_MAX_BYTES });
}

/** The CLI bound to this process: its arguments, environment, streams and machine. index.ts calls it. */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    machine: { username: osUsername, hostname },
    readStdin,
  });
  // exitCode rather than exit(): stdout is flushed before the process ends, even when piped.
  process.exitCode = code;
}
