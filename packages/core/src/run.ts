import type { Dispatcher } from 'undici';
import { describeAuth } from './auth-headers.js';
import { buildRecords } from './build-records.js';
import { BatchResults, type RecordResult } from './batch-results.js';
import { ProGetClient } from './client.js';
import { planDownloads, runDownloads } from './download/download-run.js';
import { redactingLogger, type Logger } from './logger.js';
import type { DeploymentPlan } from './plan.js';
import type { DeploymentError } from './errors.js';
import { describeRecord, type DeploymentRecord } from './record.js';
import { Redactor } from './redact.js';
import { failedScaStep, runSca, type ScaReport } from './sca/sca-run.js';
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
  /** The SCA build's steps, when an SCA project was set. */
  sca?: ScaReport;
  /** Records given more than once and sent once (the plan's duplicates). */
  duplicates: number;
  /** success: all recorded (or a dry run); warning: failures that `on-error: warn` forgives; failure: the step fails. */
  outcome: RunOutcome;
  /**
   * The verdict's counts alone ("1 of 2 deployment records not recorded in …"), for a place that already
   * shows each record's fate and says why elsewhere.
   */
  headline: string;
  /** One line, redacted, for the step's result: the counts, then each distinct failure once and why. */
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

/** Adds a plan's credentials (the keys, and any the transport carries) to the run's redactor, and returns it. */
export function redactPlanSecrets(
  redactor: Redactor,
  plan: Pick<DeploymentPlan, 'apiKey' | 'scaApiKey' | 'transport'>,
): Redactor {
  for (const secret of [plan.apiKey, plan.scaApiKey, ...transportSecrets(plan.transport)])
    redactor.add(secret);
  return redactor;
}

/** Distinct failures shown in the verdict; a batch failing in many different ways lists each record's error in its results. */
const MAX_REASONS = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why records were not stored, each distinct failure once (a wrong key on 500 records is one reason, not 500),
 * then what became of the records that were never sent.
 */
function reasons(results: BatchResults): string[] {
  const failures = new Map<string, DeploymentRecord[]>();
  for (const result of results.failed()) {
    if (!result.error) continue;
    const text = result.error.describe();
    const records = failures.get(text);
    if (records) records.push(result.record);
    else failures.set(text, [result.record]);
  }
  const out = [...failures].slice(0, MAX_REASONS).map(([text, records]) => {
    const who = describeRecord(records[0]!);
    return `${records.length === 1 ? who : `${who} and ${plural(records.length - 1, 'other record')}`}: ${text}`;
  });
  if (failures.size > MAX_REASONS) {
    out.push(`${failures.size - MAX_REASONS} other kinds of failure (each record's error is in the results)`);
  }
  const skipped = results.first('skipped');
  if (skipped) {
    out.push(`${plural(results.count('skipped'), 'record')} ${skipped.reason ?? 'not sent'}`);
  }
  return out;
}

/** One part's say in the run's one-line message (and in its counts-only headline), and whether it failed. */
interface Verdict {
  message?: string;
  headline?: string;
  failed: boolean;
}

/** The records' verdict, and how many duplicates were dropped when some were. */
function decideRecords(plan: DeploymentPlan, results: BatchResults): Verdict {
  const verdict = decideRecordsSent(plan, results);
  const n = plan.duplicates;
  if (!n) return verdict;
  const dropped = ` ${n} duplicate record${n === 1 ? ' was' : 's were'} dropped.`;
  return {
    ...verdict,
    ...(verdict.message ? { message: `${verdict.message}${dropped}` } : {}),
    ...(verdict.headline ? { headline: `${verdict.headline}${dropped}` } : {}),
  };
}

/** True for hosts on this machine, where plain http never crosses a network. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** Where the key travels and how: a warning for plain http off this machine, and for a host the user allowed. */
function warnAboutKey(plan: DeploymentPlan, logger: Logger): void {
  if (!plan.apiKey && !(plan.sca && plan.scaApiKey)) return;
  const destinations = [new URL(plan.server), ...(plan.download?.url ? [new URL(plan.download.url)] : [])];
  for (const url of destinations) {
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      logger.warning(
        `The API key is sent to ${url.host} over plain http: anyone on the network path can read it; use https://.`,
      );
    }
  }
  if (plan.download?.crossOriginHost) {
    logger.warning(
      `The API key is sent to ${plan.download.crossOriginHost}, which is not ${plan.names.server}'s host (${plan.names.allowCrossOriginKey} is true).`,
    );
  }
}

function decideRecordsSent(plan: DeploymentPlan, results: BatchResults): Verdict {
  const total = results.length;
  // An SCA-only run records nothing, and says nothing about records.
  if (total === 0 && plan.sca) return { failed: false };
  const where = `ProGet feed "${plan.feed}"`;
  if (plan.dryRun) {
    const message = `Dry run: ${plural(total, 'record')} resolved for ${where}; nothing was sent.`;
    return { message, headline: message, failed: false };
  }
  const recorded = results.count('recorded');
  if (recorded === total) {
    const message = `Recorded ${plural(total, 'deployment')} in ${where}.`;
    return { message, headline: message, failed: false };
  }
  const what = `${total - recorded} of ${plural(total, 'deployment record')} not recorded in ${where}`;
  return {
    headline: `${what}.`,
    // Reasons are joined by semicolons, so a hint's closing period goes (but the verdict's last one stays).
    message: `${what}: ${reasons(results).join('; ')}`.replace(/\.; /g, '; '),
    failed: true,
  };
}

function decideSca(plan: DeploymentPlan, sca: ScaReport | undefined): Verdict {
  if (!sca) return { failed: false };
  const build = `SCA build ${sca.build} of "${sca.project}"`;
  if (plan.dryRun) {
    const message = `Dry run: ${build} would be promoted to "${sca.stage}"; nothing was sent.`;
    return { message, headline: message, failed: false };
  }
  const failed = failedScaStep(sca);
  if (!failed) {
    const components = sca.sbom?.components;
    const sbom = sca.sbom ? ` with its SBOM (${components} component${components === 1 ? '' : 's'})` : '';
    const message = `Promoted ${build}${sbom} to "${sca.stage}".`;
    return { message, headline: message, failed: false };
  }
  const what = `${build} not promoted to "${sca.stage}" (${failed.step} step failed)`;
  const why = failed.error ? `: ${failed.error.describe()}` : '';
  return { headline: `${what}.`, message: `${what}${why}`, failed: true };
}

function decide(
  plan: DeploymentPlan,
  results: BatchResults,
  sca: ScaReport | undefined,
  redactor: Redactor,
): Pick<RunReport, 'outcome' | 'message' | 'headline'> {
  const parts = [decideRecords(plan, results), decideSca(plan, sca)];
  const join = (pick: (v: Verdict) => string | undefined) =>
    redactor.redact(parts.flatMap((p) => (pick(p) ? [pick(p)!] : [])).join(' '));
  const message = join((p) => p.message);
  const headline = join((p) => p.headline);
  if (!parts.some((p) => p.failed)) return { outcome: 'success', message, headline };
  const errors = [...results.errors(), ...(sca?.steps ?? []).map((s) => s.error)].filter(
    (e): e is DeploymentError => Boolean(e),
  );
  const forgiven = plan.onError === 'warn' && errors.every((e) => !e.isConfigurationError);
  return { outcome: forgiven ? 'warning' : 'failure', message, headline };
}

/**
 * The whole job of every front end: validate every record (throwing before any request on bad input), send
 * them as they are produced, and say what became of each one and whether the step should fail.
 */
export async function recordDeployments(plan: DeploymentPlan, deps: RunDependencies): Promise<RunReport> {
  const redactor = redactPlanSecrets(deps.redactor ?? new Redactor(), plan);
  const logger = redactingLogger(deps.logger, redactor);
  const records = buildRecords(plan);
  const downloads = plan.mode === 'download' ? planDownloads(plan, records) : undefined;
  let results: BatchResults;
  let sca: ScaReport | undefined;
  const userAgent = deps.userAgent ?? 'proget-deploy';
  const backoffBaseMs = deps.backoffBaseMs ?? 1_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (plan.dryRun) {
    results = new BatchResults(records);
    for (let i = 0; i < records.length; i += 1) {
      const download = downloads?.[i];
      const via = download
        ? `GET ${download.url.href} → ${download.destination} (key as ${describeAuth(download.auth)}) `
        : '';
      logger.info(`[dry run] ${via}${JSON.stringify(records.at(i))}`);
      results.set(i, {
        outcome: 'dry-run',
        attempts: 0,
        ...(download ? { file: download.destination } : {}),
      });
    }
    if (plan.sca) sca = await runSca(plan.sca, plan, { logger, userAgent, backoffBaseMs, sleep });
  } else {
    warnAboutKey(plan, logger);
    const dispatcher =
      deps.dispatcher ??
      createDispatcher({ connections: plan.concurrency, ...plan.transport }, deps.env ?? process.env, logger);
    const onResult = (result: RecordResult, done: number) => deps.onResult?.(result, done, records.length);
    try {
      if (downloads) {
        results = await runDownloads(plan, downloads, {
          dispatcher,
          logger,
          redactor,
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
          redactor,
          names: plan.names,
          userAgent,
          backoffBaseMs,
          sleep,
        });
        results = await client.sendAll(records, plan.concurrency, onResult);
      }
      // After the records: the build is promoted once its packages' deployments are on record, and whatever
      // happens to it, each record has already had its own fate.
      if (plan.sca) {
        sca = await runSca(plan.sca, plan, { dispatcher, logger, redactor, userAgent, backoffBaseMs, sleep });
      }
    } finally {
      if (!deps.dispatcher) await dispatcher.close();
    }
  }
  const count = (o: RecordResult['outcome']) => results.count(o);
  return {
    server: plan.server,
    feed: plan.feed,
    dryRun: plan.dryRun,
    results,
    recorded: count('recorded'),
    failed: count('failed'),
    skipped: count('skipped'),
    duplicates: plan.duplicates,
    ...(sca ? { sca } : {}),
    ...decide(plan, results, sca, redactor),
  };
}
