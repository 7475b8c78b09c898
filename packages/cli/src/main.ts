import { InvalidInputError, Redactor } from '@proget-deploy/core';
import { parseCommandLine, UsageError } from './command-line.js';
import { API_KEY_FLAG } from './flags.js';
import { generalHelp, recordHelp } from './help.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, recordCommand } from './record-command.js';
import { StatusStream, type TextStream } from './status-stream.js';
import type { Machine } from './terminal-context.js';
import { CLI_VERSION } from './version.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: TextStream;
  stderr: TextStream;
  machine: Machine;
}

/**
 * The key as typed, found before anything else reads the command line: even a line the parser rejects
 * (a stray positional argument, an unknown flag) must not echo it.
 */
function keysIn(argv: readonly string[], env: NodeJS.ProcessEnv): (string | undefined)[] {
  const flag = `--${API_KEY_FLAG.flag}`;
  const fromArgs = argv.flatMap((arg, i) =>
    arg === flag ? [argv[i + 1]] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : [],
  );
  return [...fromArgs, env[API_KEY_FLAG.env]];
}

/** The whole CLI, given its arguments and the process around it; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = new Redactor(keysIn(argv, io.env));
  const stdout = (text: string) => void io.stdout.write(redactor.redact(text));
  const status = new StatusStream(io.stderr, redactor);
  try {
    const command = parseCommandLine(argv);
    switch (command.name) {
      case 'help':
        stdout(generalHelp());
        return EXIT_OK;
      case 'record-help':
        stdout(recordHelp());
        return EXIT_OK;
      case 'version':
        stdout(`${CLI_VERSION}\n`);
        return EXIT_OK;
      case 'record':
        return await recordCommand(command.flags, {
          env: io.env,
          redactor,
          stdout,
          status,
          machine: io.machine,
        });
    }
  } catch (error) {
    status.clearProgress();
    if (error instanceof UsageError || error instanceof InvalidInputError) {
      status.line(`proget-deploy: ${error.message}`);
      return EXIT_USAGE;
    }
    // Anything else is a bug or an environment problem, not the user's input; still one line, still redacted.
    status.line(`proget-deploy: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}
