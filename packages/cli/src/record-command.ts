import {
  detectCi,
  recordDeployments,
  redactPlanSecrets,
  resolvePlan,
  type ContextDefaults,
  type Redactor,
  type DetectedCi,
} from '@proget-deploy/core';
import type { FlagValues } from './command-line.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { readListFiles, type ReadStdin } from './list-files.js';
import { jsonResults, textResults } from './results.js';
import { readSettings } from './inputs.js';
import type { StatusStream } from './status-stream.js';
import { terminalContext, type Machine } from './terminal-context.js';
import { CLI_VERSION } from './version.js';

/** A progress line only helps a person watching a long batch; logs and short runs do without. */
const PROGRESS_THRESHOLD = 20;

export interface RecordIo {
  env: NodeJS.ProcessEnv;
  /** The run's one redactor, which already knows the key as typed; the plan's other credentials join it. */
  redactor: Redactor;
  /** Results only; already redacted by the caller. */
  stdout: (text: string) => void;
  status: StatusStream;
  machine: Machine;
  readStdin: ReadStdin;
}

function describeCi(ci: DetectedCi | undefined, context: ContextDefaults): string {
  if (ci) return `CI: ${ci.name} (detected).`;
  const user = context.user ? `, user "${context.user}" (your OS login)` : '';
  return `CI: none detected (terminal): application "${context.application}"${user} unless given.`;
}

/** `proget-deploy record`: resolve everything, send the records, report; returns the exit code. */
export async function recordCommand(flags: FlagValues, io: RecordIo): Promise<number> {
  const { status } = io;
  const settings = readSettings(flags, io.env);
  for (const spec of settings.secretsOnCommandLine) {
    status.line(
      `warning: --${spec.flag} on the command line stays in shell history and shows in process lists; set ${spec.env} instead.`,
    );
  }
  await readListFiles(settings, io.readStdin);
  const ci = detectCi(io.env);
  const context = ci?.context ?? terminalContext(io.machine);
  const plan = resolvePlan(settings.raw, context, settings.names);
  // Said once, and only for a run that goes ahead: where the defaults in the records came from.
  status.announce(describeCi(ci, context));
  const redactor = redactPlanSecrets(io.redactor, plan);
  const total = plan.packages.length * plan.targets.length;
  const showProgress = status.isTTY && total > PROGRESS_THRESHOLD && !plan.dryRun;
  const report = await recordDeployments(plan, {
    logger: status.logger(settings.verbose),
    redactor,
    env: io.env,
    userAgent: `proget-deploy/${CLI_VERSION} (${ci?.id ?? 'terminal'})`,
    onResult: showProgress ? (_result, done, all) => status.progress(done, all) : undefined,
  });
  status.clearProgress();
  status.flushAnnouncement();
  io.stdout(settings.json ? jsonResults(report, redactor) : textResults(report, redactor));
  // stdout's table marks each record's fate; why records failed is told once, here.
  if (report.outcome === 'warning') {
    status.line(`warning: ${report.message} (forgiven by ${plan.names.onError} warn: exit code 0)`);
  } else if (report.outcome === 'failure') {
    status.line(`error: ${report.message}`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
