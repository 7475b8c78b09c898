import type { Dispatcher } from 'undici';
import { Redactor } from '../output/redactor.js';
import type { Logger } from '../output/sink.js';
import type { PlannedDownload } from '../download/plan-downloads.js';
import { isDeployment, type StepPlan } from '../plan/plan.js';
import { describeAuth } from '../proget/auth.js';
import type { Connection } from '../proget/pipeline.js';
import { createDispatcher } from '../proget/transport.js';
import { BatchResults, type RecordResult } from '../record/batch-results.js';
import { buildRecords, type PlanRecords } from '../record/plan-records.js';
import { sendRecords } from '../record/send-records.js';
import type { RunReport } from '../report/run-report.js';
import { decide, recordsPart, type Part, type VerdictFacts } from '../report/verdict.js';
import type { PromotionsReport } from '../promote/run-promotions.js';
import type { ScaReport } from '../sca/run-sca.js';
import { warnAboutKey } from './key-warnings.js';

// Stages a plain record does not use are imported when a plan needs them (download, SCA, promotion): each is
// a chunk of its own in a bundle, never loaded, parsed or compiled otherwise.

export interface RunDependencies {
  /** The sink, through which every line is printed. */
  log: Logger;
  /**
   * The sink's redactor: masks the run's secrets in ProGet's answers before they are cut to an excerpt. The
   * plan's keys are added to it (a caller without one gets a new one), so no answer that echoes a key keeps it.
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
  random?: () => number;
}

/** The two ways a step talks to ProGet: the records' key, and the SCA steps' own (feed keys are refused there). */
function connections(plan: StepPlan, dispatcher: Dispatcher, deps: RunDependencies, redactor: Redactor) {
  const shared = {
    server: plan.server,
    keyPlacement: plan.authMethod ?? ('header' as const),
    dispatcher,
    timeoutMs: plan.timeoutMs,
    retries: plan.retries,
    log: deps.log,
    redactor,
    userAgent: deps.userAgent ?? 'proget-deploy',
    ...(deps.backoffBaseMs !== undefined ? { backoffBaseMs: deps.backoffBaseMs } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  };
  const downloadUrl =
    plan.action === 'download' && plan.download.crossOriginHost ? plan.download.url : undefined;
  const records: Connection = {
    ...shared,
    ...(plan.apiKey ? { key: plan.apiKey } : {}),
    ...(downloadUrl ? { keyOrigins: [new URL(downloadUrl).origin] } : {}),
  };
  const scaKey = plan.scaApiKey ?? plan.apiKey;
  const sca: Connection = { ...shared, ...(scaKey ? { key: scaKey } : {}) };
  return { records, sca };
}

/** The input the SCA key came from, for the dry run's line (never the key itself). */
function scaKeyFrom(plan: StepPlan): string | undefined {
  if (plan.scaApiKey) return plan.names.scaApiKey;
  if (plan.apiKey) return plan.names.apiKey;
  return undefined;
}

/** A dry run: every record resolved and shown (with its download), nothing sent. */
function dryRunRecords(
  records: PlanRecords,
  downloads: PlannedDownload[] | undefined,
  log: Logger,
): BatchResults {
  const results = new BatchResults(records);
  for (let i = 0; i < records.length; i += 1) {
    const download = downloads?.[i];
    const via = download
      ? `GET ${download.url.href} → ${download.destination} (key as ${describeAuth(download.auth)}) `
      : '';
    log.info(`[dry run] ${via}${JSON.stringify(records.at(i))}`);
    results.set(i, { outcome: 'dry-run', attempts: 0, ...(download ? { file: download.destination } : {}) });
  }
  return results;
}

/** The requests of a step that sends them: how each kind reaches ProGet. */
type Connections = ReturnType<typeof connections>;

/** The records' stage: sent through the API or with downloads, or shown (a dry run: no connections). */
async function recordStage(
  plan: StepPlan,
  via: Connections | undefined,
  deps: RunDependencies,
): Promise<BatchResults> {
  if (!isDeployment(plan)) return new BatchResults({ length: 0, at: () => undefined });
  const records = buildRecords(plan);
  const total = records.length;
  const onResult =
    deps.onResult && ((result: RecordResult, done: number) => deps.onResult!(result, done, total));
  if (plan.action === 'download') {
    const stage = await import('./download-stage.js');
    const downloads = stage.planDownloads(plan, records);
    if (!via) return dryRunRecords(records, downloads, deps.log);
    return stage.runDownloads(plan, downloads, via.records, onResult);
  }
  if (!via) return dryRunRecords(records, undefined, deps.log);
  return sendRecords(plan, records, via.records, onResult);
}

/** The release gate's stage: the deployment's SCA build promoted (and judged), or an audit's verdict. */
async function gateStage(
  plan: StepPlan,
  via: Connections | undefined,
  log: Logger,
): Promise<ScaReport | undefined> {
  if (plan.action !== 'audit' && !plan.sca) return undefined;
  const { runAudit, runSca } = await import('./sca-stage.js');
  const settings = { server: plan.server, keyFrom: scaKeyFrom(plan), names: plan.names, dryRun: plan.dryRun };
  if (plan.action === 'audit') return runAudit(plan.audit, settings, via?.sca, log);
  return runSca(plan.sca!, settings, via?.sca, log);
}

/**
 * The stages in order: the records; then the SCA build, promoted once its packages' deployments are on record
 * (whatever happens to it, each record has had its own fate); then each deployed version promoted to the
 * production feed — unless ProGet's verdict stopped the step, since a noncompliant build is not for production.
 */
async function stages(plan: StepPlan, via: Connections | undefined, deps: RunDependencies) {
  const results = await recordStage(plan, via, deps);
  const sca = await gateStage(plan, via, deps.log);
  const blocked = Boolean(sca?.verdict?.blocks && plan.onNoncompliant === 'fail');
  const promotions = await promoteStage(plan, results, via, deps.log, blocked);
  return { results, sca, promotions };
}

/** Package promotion's stage: each deployed version promoted to the feed `promote-to-feed` names. */
async function promoteStage(
  plan: StepPlan,
  results: BatchResults,
  via: Connections | undefined,
  log: Logger,
  blocked: boolean,
): Promise<PromotionsReport | undefined> {
  if (!isDeployment(plan) || !plan.promoteToFeed) return undefined;
  const { runPromotions } = await import('./promote-stage.js');
  return runPromotions({ ...plan, promoteToFeed: plan.promoteToFeed }, results, via?.records, {
    log,
    ...(blocked ? { blockedBy: 'not promoted: ProGet judged the SCA build noncompliant' } : {}),
  });
}

/** Each stage's part of the verdict; the SCA build's and the promotions' come with their stages' modules. */
async function verdictParts(
  facts: VerdictFacts,
  results: BatchResults,
  sca: ScaReport | undefined,
  promotions: PromotionsReport | undefined,
): Promise<Part[]> {
  const parts = [recordsPart(facts, results)];
  if (sca) parts.push((await import('./sca-stage.js')).scaPart(facts, sca));
  if (promotions) parts.push((await import('./promote-stage.js')).promotionsPart(facts, promotions));
  return parts;
}

/** Runs the stages with one dispatcher for every request, closed afterwards unless a test gave it. */
async function sendingStages(plan: StepPlan, deps: RunDependencies) {
  warnAboutKey(plan, deps.log);
  const dispatcher =
    deps.dispatcher ??
    createDispatcher({ connections: plan.concurrency, ...plan.transport }, deps.env ?? process.env, deps.log);
  const redactor = deps.redactor ?? new Redactor();
  for (const key of [plan.apiKey, plan.scaApiKey]) redactor.add(key);
  try {
    return await stages(plan, connections(plan, dispatcher, deps, redactor), deps);
  } finally {
    if (!deps.dispatcher) await dispatcher.close();
  }
}

/**
 * Runs a plan: every record's fate, every SCA step's, ProGet's verdict, each promotion's, and the step's verdict.
 * Bad input was refused when the plan was made; what can still fail here is ProGet, the network or this
 * machine, and each is told in the report.
 */
export async function runPlan(plan: StepPlan, deps: RunDependencies): Promise<RunReport> {
  const { results, sca, promotions } = plan.dryRun
    ? await stages(plan, undefined, deps)
    : await sendingStages(plan, deps);
  const deploying = isDeployment(plan) ? plan : undefined;
  const facts = {
    action: plan.action,
    feed: deploying?.feed ?? '',
    dryRun: plan.dryRun,
    duplicates: deploying?.duplicates ?? 0,
    onError: plan.onError,
    onNoncompliant: plan.onNoncompliant,
  };
  return {
    action: plan.action,
    server: plan.server,
    feed: facts.feed,
    dryRun: plan.dryRun,
    results,
    recorded: results.count('recorded'),
    failed: results.count('failed'),
    skipped: results.count('skipped'),
    duplicates: facts.duplicates,
    ...(sca ? { sca } : {}),
    ...(promotions ? { promotions } : {}),
    ...decide(facts, await verdictParts(facts, results, sca, promotions)),
  };
}
