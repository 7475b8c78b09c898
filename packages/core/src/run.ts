import type { Dispatcher } from 'undici';
import { buildRecords } from './build-records.js';
import { authHeaders } from './auth-headers.js';
import { BatchResults, type RecordResult } from './batch-results.js';
import { ProGetClient } from './client.js';
import { planDownloads, runDownloads } from './download/download-run.js';
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
  /** Every record's fate in input order, kept compactly (a batch may hold 100,000 records). */
  results: BatchResults;
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

/** The redactor for a plan: the key and every other credential it carries. */
export function planRedactor(plan: DeploymentPlan): Redactor {
  return new Redactor([plan.apiKey, ...transportSecrets(plan.transport)]);
}

function decide(
  plan: DeploymentPlan,
  results: BatchResults,
  redactor: Redactor,
): Pick<RunReport, 'outcome' | 'message'> {
  const count = (o: RecordResult['outcome']) => results.count(o);
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
  const failed = results.first('failed');
  const error = failed?.error;
  const failedRecord = failed?.record;
  const what = `${total - recorded} of ${total} deployment record${total === 1 ? '' : 's'} not recorded in ${where}`;
  const why = error ? `: ${failedRecord ? `${describeRecord(failedRecord)}: ` : ''}${error.describe()}` : '';
  const forgiven =
    plan.onError === 'warn' && [...results.errors()].every((error) => !error.isConfigurationError);
  return { outcome: forgiven ? 'warning' : 'failure', message: redactor.redact(`${what}${why}`) };
}

/**
 * The whole job of every front end: validate every record (throwing before any request on bad input), send
 * them as they are produced, and say what became of each one and whether the step should fail.
 */
export async function recordDeployments(plan: DeploymentPlan, deps: RunDependencies): Promise<RunReport> {
  const redactor = planRedactor(plan);
  const logger = redactingLogger(deps.logger, redactor);
  const records = buildRecords(plan);
  const downloads = plan.mode === 'download' ? planDownloads(plan, records) : undefined;
  let results: BatchResults;
  if (plan.dryRun) {
    results = new BatchResults(records);
    for (let i = 0; i < records.length; i += 1) {
      const via = downloads ? `GET ${downloads[i]!.url.href} → ${downloads[i]!.destination} ` : '';
      logger.info(`[dry run] ${via}${JSON.stringify(records.at(i))}`);
      results.set(i, {
        outcome: 'dry-run',
        attempts: 0,
        ...(downloads ? { file: downloads[i]!.destination } : {}),
      });
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
          authHeaders: authHeaders(plan.apiKey, plan.authMethod),
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
  return {
    server: plan.server,
    feed: plan.feed,
    dryRun: plan.dryRun,
    results,
    recorded: results.count('recorded'),
    failed: results.count('failed'),
    skipped: results.count('skipped'),
    ...decide(plan, results, redactor),
  };
}
