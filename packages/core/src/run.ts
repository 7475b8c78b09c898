import type { Dispatcher } from 'undici';
import { describeAuth } from './auth-headers.js';
import { buildRecords } from './build-records.js';
import { ProGetClient, type RecordResult } from './client.js';
import { planDownloads, runDownloads } from './download/download-run.js';
import { type DeploymentError } from './errors.js';
import { redactingLogger, type Logger } from './logger.js';
import type { DeploymentPlan } from './plan.js';
import { describeRecord } from './record.js';
import { Redactor } from './redact.js';
import { createDispatcher, transportSecrets } from './transport.js';

export type RunOutcome = 'success' | 'warning' | 'failure';

export interface RunReport {
  server: string;
  feed: string;
  dryRun: boolean;
  results: RecordResult[];
  recorded: number;
  failed: number;
  skipped: number;
  /** success: all recorded (or a dry run); warning: failures that `on-error: warn` forgives; failure: the step fails. */
  outcome: RunOutcome;
  /** One line, redacted, for the step's log and result. */
  message: string;
}

export interface RunDependencies {
  logger: Logger;
  /**
   * The run's one redactor, made by the front end before it read the first secret; the plan's credentials are
   * added to it. Only a caller without one (a test) gets a new one.
   */
  redactor?: Redactor;
  /** Injected in tests (MockAgent, or pointing at the emulator); otherwise built from the plan's transport. */
  dispatcher?: Dispatcher;
  env?: NodeJS.ProcessEnv;
  userAgent?: string;
  /** Progress, e.g. for a terminal's progress line. */
  onResult?: (result: RecordResult, done: number, total: number) => void;
  /** Test seams for backoff timing. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Adds a plan's credentials (the key, and any the transport carries) to the run's redactor, and returns it. */
export function redactPlanSecrets(
  redactor: Redactor,
  plan: Pick<DeploymentPlan, 'apiKey' | 'transport'>,
): Redactor {
  for (const secret of [plan.apiKey, ...transportSecrets(plan.transport)]) redactor.add(secret);
  return redactor;
}

function firstError(results: RecordResult[]): DeploymentError | undefined {
  return results.find((r) => r.outcome === 'failed')?.error;
}

function decide(
  plan: DeploymentPlan,
  results: RecordResult[],
  redactor: Redactor,
): Pick<RunReport, 'outcome' | 'message'> {
  const count = (o: RecordResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const total = results.length;
  const where = `ProGet feed "${plan.feed}"`;
  if (plan.dryRun) {
    return {
      outcome: 'success',
      message: `Dry run: ${total} record${total === 1 ? '' : 's'} resolved for ${where}; nothing was sent.`,
    };
  }
  const recorded = count('recorded');
  if (recorded === total) {
    return {
      outcome: 'success',
      message: `Recorded ${total} deployment${total === 1 ? '' : 's'} in ${where}.`,
    };
  }
  const error = firstError(results);
  const failedRecord = results.find((r) => r.outcome === 'failed')?.record;
  const what = `${total - recorded} of ${total} deployment record${total === 1 ? '' : 's'} not recorded in ${where}`;
  const why = error ? `: ${failedRecord ? `${describeRecord(failedRecord)}: ` : ''}${error.describe()}` : '';
  const forgiven = plan.onError === 'warn' && results.every((r) => !r.error?.isConfigurationError);
  return { outcome: forgiven ? 'warning' : 'failure', message: redactor.redact(`${what}${why}`) };
}

/**
 * The whole job of every front end: build and validate every record (throwing before any request on bad
 * input), send them, and say what became of each one and whether the step should fail.
 */
export async function recordDeployments(plan: DeploymentPlan, deps: RunDependencies): Promise<RunReport> {
  const redactor = redactPlanSecrets(deps.redactor ?? new Redactor(), plan);
  const logger = redactingLogger(deps.logger, redactor);
  const records = buildRecords(plan);
  const downloads = plan.mode === 'download' ? planDownloads(plan, records) : undefined;
  let results: RecordResult[];
  if (plan.dryRun) {
    results = records.map((record, i) => ({
      record,
      outcome: 'dry-run',
      attempts: 0,
      ...(downloads ? { file: downloads[i]!.destination } : {}),
    }));
    for (const [i, record] of records.entries()) {
      const download = downloads?.[i];
      const via = download
        ? `GET ${download.url.href} → ${download.destination} (key as ${describeAuth(download.auth)}) `
        : '';
      logger.info(`[dry run] ${via}${JSON.stringify(record)}`);
    }
  } else {
    const dispatcher =
      deps.dispatcher ??
      createDispatcher({ connections: plan.concurrency, ...plan.transport }, deps.env ?? process.env, logger);
    const onResult = (result: RecordResult, done: number) => deps.onResult?.(result, done, records.length);
    const userAgent = deps.userAgent ?? 'proget-deploy';
    const backoffBaseMs = deps.backoffBaseMs ?? 1_000;
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    try {
      if (downloads) {
        results = await runDownloads(plan, downloads, {
          dispatcher,
          logger,
          userAgent,
          backoffBaseMs,
          sleep,
          onResult,
        });
      } else {
        const client = new ProGetClient({
          server: plan.server,
          apiKey: plan.apiKey,
          authMethod: plan.authMethod,
          dispatcher,
          timeoutMs: plan.timeoutMs,
          retries: plan.retries,
          logger,
          names: plan.names,
          userAgent,
          backoffBaseMs,
          sleep,
        });
        results = await client.sendAll(records, plan.concurrency, onResult);
      }
    } finally {
      if (!deps.dispatcher) await dispatcher.close();
    }
  }
  const count = (o: RecordResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    server: plan.server,
    feed: plan.feed,
    dryRun: plan.dryRun,
    results,
    recorded: count('recorded'),
    failed: count('failed'),
    skipped: count('skipped'),
    ...decide(plan, results, redactor),
  };
}
