import {
  detectCi,
  inputEntry,
  runStep,
  type ContextDefaults,
  type DetectedCi,
  type OutputChannel,
  type OutputSink,
  type StepPlatform,
  type StepResult,
} from '@proget-deploy/core';
import { EXIT_FAILED, EXIT_NONCOMPLIANT, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliSettings } from './inputs.js';
import { readListFiles, type ReadStdin } from './list-files.js';
import { jsonError, jsonResults, textResults } from './results.js';
import type { StatusStream } from './status-stream.js';
import { terminalContext, type Machine } from './terminal-context.js';
import { CLI_VERSION } from './version.js';

/** A progress line only helps a person watching a long batch; logs and short runs do without. */
const PROGRESS_THRESHOLD = 20;

export interface RecordIo {
  env: NodeJS.ProcessEnv;
  /** stderr and stdout, as the sink writes to them. */
  channel: OutputChannel;
  sink: OutputSink;
  status: StatusStream;
  machine: Machine;
  readStdin: ReadStdin;
}

function describeCi(ci: DetectedCi | undefined, context: ContextDefaults): string {
  if (ci) return `CI: ${ci.name} (detected).`;
  const user = context.user ? `, user "${context.user}" (your OS login)` : '';
  return `CI: none detected (terminal): application "${context.application}"${user} unless given.`;
}

/** The exit code and what stderr (and `--json`) say at the end of a step. */
function finish(result: StepResult, settings: CliSettings, io: RecordIo, onError: string): number {
  const { status } = io;
  status.clearProgress();
  if (!result.report) {
    // The step stopped before it ran: bad input (exit 2, and nothing was sent), or a failure of this machine.
    status.discardAnnouncement();
    const code = result.kind === 'invalid-input' ? EXIT_USAGE : EXIT_FAILED;
    status.line(`proget-deploy: ${result.message}`);
    if (settings.json) io.sink.result(jsonError(code, result.kind ?? 'unexpected', result.message));
    return code;
  }
  status.flushAnnouncement();
  // stdout's table marks each record's fate; why records failed is told once, here. Exit code 0 after a
  // failure is said to be the user's own choice only when it was: a comment not added is a warning anyway.
  if (result.outcome === 'warning') {
    status.line(
      `warning: ${result.message}${result.report.forgiven ? ` (forgiven by ${onError} warn: exit code 0)` : ''}`,
    );
  } else if (result.outcome === 'failure') {
    status.line(`error: ${result.message}`);
    return result.report.stoppedByVerdict ? EXIT_NONCOMPLIANT : EXIT_FAILED;
  }
  return EXIT_OK;
}

/** This process as core's step platform: flags and variables, the detected CI, stderr and stdout. */
function cliPlatform(
  settings: CliSettings,
  io: RecordIo,
  ci: DetectedCi | undefined,
  exit: (code: number) => void,
) {
  let listsRead = false;
  const platform: StepPlatform = {
    ...io.channel,
    id: 'cli',
    userAgent: `proget-deploy/${CLI_VERSION} (${ci?.id ?? 'terminal'})`,
    env: io.env,
    async readInput(meaning) {
      // The files of --package-file/--target-file add to their inputs: read once, before either is used.
      if ((meaning === 'package' || meaning === 'target') && !listsRead) {
        listsRead = true;
        await readListFiles(settings, io.readStdin);
      }
      return inputEntry(meaning).platformOnly ? undefined : settings.raw[meaning as keyof CliSettings['raw']];
    },
    inputNames: () => settings.names,
    context() {
      const context = ci?.context ?? terminalContext(io.machine);
      // Said once, and only for a run that goes ahead: where the defaults in the records came from. The user
      // and host names are the machine's, and pass through the sink like every other line.
      io.status.announce(io.sink.safe(describeCi(ci, context)));
      return context;
    },
    present(report, sink) {
      io.status.clearProgress();
      io.status.flushAnnouncement();
      for (const part of settings.json ? jsonResults(report, sink) : textResults(report, sink))
        sink.result(part);
    },
    finish: (result) => exit(finish(result, settings, io, settings.names.onError)),
  };
  return platform;
}

/** `proget-deploy record` and `download`: the step, run by core; resolves to the exit code. */
export async function recordCommand(settings: CliSettings, io: RecordIo): Promise<number> {
  for (const spec of settings.secretsOnCommandLine) {
    io.sink.warning(
      `--${spec.flag} on the command line stays in shell history and shows in process lists; set ${spec.env} instead.`,
    );
  }
  const ci = detectCi(io.env);
  let code = EXIT_FAILED;
  const platform = cliPlatform(settings, io, ci, (c) => {
    code = c;
  });
  await runStep(platform, {
    sink: io.sink,
    onResult: (_result, done, total) => {
      if (io.status.isTTY && total > PROGRESS_THRESHOLD) io.status.progress(done, total);
    },
  });
  return code;
}
