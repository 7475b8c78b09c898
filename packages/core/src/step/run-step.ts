import type { Dispatcher } from 'undici';
import { asDeploymentError, DeploymentError } from '../errors.js';
import { entriesOn, type InputMeaning, type PlanInput } from '../inputs/catalogue.js';
import { OutputSink } from '../output/sink.js';
import { urlCredentials } from '../output/redactor.js';
import { checkInputs, planStep, type CheckedInputs, type RawInputs } from '../plan/resolve.js';
import { transportSecrets } from '../plan/transport.js';
import type { RecordResult } from '../record/batch-results.js';
import type { RunReport } from '../report/run-report.js';
import type { StepPlatform, StepResult } from './platform.js';
import { publish, publishNothing } from './publish.js';
import { runPlan } from './run-plan.js';
import { unknownInputWarnings } from './unknown-inputs.js';

export interface StepOptions {
  /** The sink, when the front end made it earlier (the CLI, which prints before the step starts). */
  sink?: OutputSink;
  /** Injected in tests; otherwise built from the plan's transport. */
  dispatcher?: Dispatcher;
  now?: () => Date;
  /** Progress, e.g. for a terminal's progress line. */
  onResult?: (result: RecordResult, done: number, total: number) => void;
  /** Test seams for backoff timing. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Inputs that hold a URL, where a user may have pasted a key (`https://host/?key=…`, `https://user:key@host`). */
const URL_INPUTS: readonly InputMeaning[] = ['server', 'downloadUrl'];

/**
 * Reads every input the platform has, the secrets first: each is masked, on the platform and in the sink,
 * before any other input is read or any line printed. A key pasted into a URL input is a secret too.
 */
async function readInputs(platform: StepPlatform, sink: OutputSink): Promise<RawInputs> {
  const entries = entriesOn(platform.id).sort(
    (a, b) => Number(Boolean(b.secret)) - Number(Boolean(a.secret)),
  );
  const raw: RawInputs = {};
  for (const entry of entries) {
    const value = await platform.readInput(entry.meaning);
    if (entry.secret) sink.secret(value);
    if (URL_INPUTS.includes(entry.meaning)) for (const secret of urlCredentials(value)) sink.secret(secret);
    if (!entry.platformOnly) raw[entry.meaning as PlanInput] = value;
  }
  return raw;
}

/** The one target, looked up when the step needs it and the platform can; an outage is `on-error`'s to forgive. */
async function lookUpTarget(
  platform: StepPlatform,
  sink: OutputSink,
  checked: CheckedInputs,
): Promise<{ target?: string; forgiven?: DeploymentError }> {
  if (!checked.needsTarget || !platform.lookUpTarget) return {};
  try {
    return { target: await platform.lookUpTarget(checked.base.timeoutMs, sink) };
  } catch (error) {
    // The lookup is a request like any other: `on-error: warn` forgives an outage, never missing permissions.
    const failure = asDeploymentError(error);
    if (failure.isConfigurationError || checked.base.onError !== 'warn') throw failure;
    return { forgiven: failure };
  }
}

/**
 * The stacks of the bugs a run met (a record's, an SCA step's), each once, in the debug output: what the
 * "please report it with the debug output" of their message asks for, and nowhere else.
 */
function debugStacks(report: RunReport, sink: OutputSink): void {
  const errors = [...report.results.errors(), ...(report.sca?.steps ?? []).flatMap((s) => s.error ?? [])];
  for (const stack of new Set(errors.map((e) => e.details.stack))) if (stack) sink.debug(stack);
}

/** The result a failure before or around the run ends the step with; a bug's stack goes to the debug output. */
function failed(error: unknown, sink: OutputSink): StepResult {
  const failure = asDeploymentError(error);
  if (failure.details.stack) sink.debug(failure.details.stack);
  return { outcome: 'failure', message: failure.describe(), kind: failure.kind };
}

/**
 * A whole step, the same for every front end: inputs (secrets first), the plan (every input checked before any
 * request), the lookup of a missing target, the run, then outputs, results, summary and the step's result.
 * Never throws: every failure ends the step through the platform's `finish`, as one line.
 */
export async function runStep(platform: StepPlatform, options: StepOptions = {}): Promise<StepResult> {
  const sink = options.sink ?? new OutputSink(platform);
  let result: StepResult;
  try {
    const raw = await readInputs(platform, sink);
    // Before the inputs are checked: a misspelt input leaves the one meant empty, and its error needs the hint.
    for (const warning of unknownInputWarnings(platform.givenInputNames?.() ?? [], platform.id)) {
      sink.warning(warning);
    }
    const names = platform.inputNames();
    const checked = checkInputs(raw, platform.context(), names, {
      ...(options.now ? { now: options.now } : {}),
      env: platform.env,
      ...(platform.agentTransport ? { agent: (server: string) => platform.agentTransport!(server) } : {}),
    });
    for (const secret of transportSecrets(checked.base.transport)) sink.secret(secret);
    const { target, forgiven } = await lookUpTarget(platform, sink, checked);
    if (forgiven) {
      publishNothing(platform, sink);
      result = { outcome: 'warning', message: `Nothing recorded: ${forgiven.describe()}` };
    } else {
      const plan = planStep(checked, target);
      const report = await runPlan(plan, {
        log: sink,
        redactor: sink.redactor,
        env: platform.env,
        userAgent: platform.userAgent,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        ...(options.onResult ? { onResult: options.onResult } : {}),
        ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
      debugStacks(report, sink);
      await publish(platform, sink, report);
      result = { outcome: report.outcome, message: report.message, report };
    }
  } catch (error) {
    result = failed(error, sink);
  }
  sink.finish(result, (safe) => platform.finish(safe));
  return { ...result, message: sink.safe(result.message) };
}
