import { asDeploymentError, DeploymentError } from '../errors.js';
import type { InputNames } from '../inputs/names.js';
import type { Logger } from '../output/sink.js';
import type { ScaPlan } from '../plan/sca.js';
import { send, type Connection, type Exchange } from '../proget/pipeline.js';
import {
  auditBuild,
  commentOnBuild,
  createOrUpdateBuild,
  getBuild,
  importSbom,
  listBuildIssues,
  promoteBuild,
  type BuildAnalysis,
  type BuildInfo,
  type BuildIssue,
} from '../proget/sca-api.js';
import { scaError, type ScaStepName, type ScaTarget } from './sca-hints.js';
import { judge, type Verdict } from './verdict.js';

/** What became of one SCA step. */
export interface ScaStepResult {
  step: ScaStepName;
  outcome: 'done' | 'failed' | 'skipped' | 'dry-run';
  attempts: number;
  /** `POST https://…/api/sca/…`, what was (or, on a dry run, would be) sent. */
  request: string;
  error?: DeploymentError;
}

export interface ScaReport {
  /** `promote` after a deployment, or an `audit` before one. */
  kind: 'promote' | 'audit';
  project: string;
  build: string;
  /** The stage a deployment's build is promoted to; none for an audit. */
  stage?: string;
  /** The build's page in ProGet (BuildInfo.viewBuildUrl). */
  viewBuildUrl?: string;
  /** ProGet's verdict after the promotion or the audit analysed the build (BuildAnalysisResults). */
  analysis?: BuildAnalysis;
  /** How the release gate reads that verdict. */
  verdict?: Verdict;
  /** The unresolved issues behind a noncompliant verdict. */
  issues?: BuildIssue[];
  sbom?: { file: string; components: number };
  steps: ScaStepResult[];
}

export interface ScaSettings {
  server: string;
  /** Whether the SCA requests carry a key, and where it came from (a dry run names the input, never the key). */
  keyFrom?: string;
  names: InputNames;
  dryRun: boolean;
}

const describe = (exchange: Exchange<unknown>) => `${exchange.method} ${exchange.url.href}`;

/** One request of the sequence, and what its answer adds to the report. */
interface Step {
  step: ScaStepName;
  exchange: Exchange<unknown>;
  keep?: (answer: unknown, report: ScaReport) => void;
  /** Sent only when this holds of the report so far (the issues, only for a noncompliant verdict). */
  when?: (report: ScaReport) => boolean;
}

const keepBuildPage = (answer: unknown, report: ScaReport) => {
  const url = (answer as BuildInfo).viewBuildUrl;
  if (url) report.viewBuildUrl = url;
};

const keepVerdict = (answer: unknown, report: ScaReport) => {
  report.analysis = answer as BuildAnalysis;
  report.verdict = judge(report.analysis);
};

/** The issues are asked for when they explain a verdict that stops the step. */
const issues = (server: string, build: { project: string; version: string }): Step => ({
  step: 'issues',
  exchange: listBuildIssues(server, build),
  keep: (answer, report) => {
    report.issues = (answer as BuildIssue[]).filter((issue) => !issue.resolved);
  },
  when: (report) => report.verdict?.judgement === 'noncompliant',
});

/** A deployment's SCA steps: the build made sure of, its SBOM, the promotion and its verdict, the comment. */
export function scaSteps(sca: ScaPlan, server: string): Step[] {
  const build = { project: sca.project, version: sca.build };
  const components = sca.sbom?.components;
  return [
    {
      step: 'build',
      exchange: createOrUpdateBuild(server, { ...build, ...(sca.url ? { url: sca.url } : {}) }),
      keep: keepBuildPage,
    },
    ...(sca.sbom
      ? [
          {
            step: 'sbom' as const,
            exchange: importSbom(server, {
              contentType: sca.sbom.contentType,
              body: sca.sbom.body,
              shown: `${sca.sbom.path} (CycloneDX ${sca.sbom.format.toUpperCase()}, ${components} component${components === 1 ? '' : 's'})`,
            }),
          },
        ]
      : []),
    { step: 'promote', exchange: promoteBuild(server, build, sca.stage), keep: keepVerdict },
    issues(server, build),
    {
      step: 'comment',
      exchange: commentOnBuild(server, build, { comment: sca.comment, ...(sca.by ? { by: sca.by } : {}) }),
    },
  ];
}

/** An audit's steps: the build found (a missing one is named), its verdict where it stands, the issues. */
export function auditSteps(audit: { project: string; build: string }, server: string): Step[] {
  const build = { project: audit.project, version: audit.build };
  return [
    { step: 'find', exchange: getBuild(server, build), keep: keepBuildPage },
    { step: 'audit', exchange: auditBuild(server, build), keep: keepVerdict },
    issues(server, build),
  ];
}

function dryRun(planned: Step[], report: ScaReport, settings: ScaSettings, log: Logger): ScaReport {
  log.info(
    `[dry run] The SCA requests would authenticate with ${settings.keyFrom ?? 'no API key (anonymous)'}.`,
  );
  for (const { step, exchange } of planned) {
    const shown = exchange.shown ?? exchange.body;
    const only = step === 'issues' ? ' (only if ProGet judges the build noncompliant)' : '';
    log.info(`[dry run] ${describe(exchange)}${shown ? ` ${shown}` : ''}${only}`);
    report.steps.push({ step, outcome: 'dry-run', attempts: 0, request: describe(exchange) });
  }
  return report;
}

/**
 * The SCA steps in order, one request at a time (each depends on the one before), retried and timed out like a
 * deployment record. After a failure the rest are skipped: promoting a build that could not be created, or
 * commenting on a promotion that did not happen, would only fail again or tell something untrue.
 */
export async function runScaSteps(
  planned: Step[],
  report: ScaReport,
  settings: ScaSettings,
  connection: Connection | undefined,
  log: Logger,
): Promise<ScaReport> {
  if (settings.dryRun || !connection) return dryRun(planned, report, settings, log);
  const target: ScaTarget = {
    project: report.project,
    build: report.build,
    ...(report.stage ? { stage: report.stage } : {}),
  };
  let stopped = false;
  for (const { step, exchange, keep, when } of planned) {
    if (when && !when(report)) continue;
    if (stopped) {
      report.steps.push({ step, outcome: 'skipped', attempts: 0, request: describe(exchange) });
      continue;
    }
    try {
      const { value, attempts } = await send(connection, exchange);
      keep?.(value, report);
      report.steps.push({ step, outcome: 'done', attempts, request: describe(exchange) });
    } catch (error) {
      const failure =
        error instanceof DeploymentError
          ? scaError(error, step, target, settings.names, Boolean(connection.key))
          : asDeploymentError(error);
      report.steps.push({
        step,
        outcome: 'failed',
        attempts: failure.attempts ?? 1,
        request: describe(exchange),
        error: failure,
      });
      // The issues only explain a verdict already given: without them the comment still tells the truth.
      stopped = step !== 'issues';
    }
  }
  return report;
}

/** A deployment's SCA build: made sure of, its SBOM imported, promoted (with ProGet's verdict), commented on. */
export function runSca(sca: ScaPlan, settings: ScaSettings, connection: Connection | undefined, log: Logger) {
  const report: ScaReport = {
    kind: 'promote',
    project: sca.project,
    build: sca.build,
    stage: sca.stage,
    ...(sca.sbom ? { sbom: { file: sca.sbom.path, components: sca.sbom.components } } : {}),
    steps: [],
  };
  return runScaSteps(scaSteps(sca, settings.server), report, settings, connection, log);
}

/** An audit: ProGet's verdict on a build where it stands, before a deploy; nothing recorded or promoted. */
export function runAudit(
  audit: { project: string; build: string },
  settings: ScaSettings,
  connection: Connection | undefined,
  log: Logger,
) {
  const report: ScaReport = { kind: 'audit', project: audit.project, build: audit.build, steps: [] };
  return runScaSteps(auditSteps(audit, settings.server), report, settings, connection, log);
}

/** The first failed step, for the run's one-line verdict. */
export function failedScaStep(report: ScaReport | undefined): ScaStepResult | undefined {
  return report?.steps.find((s) => s.outcome === 'failed');
}
