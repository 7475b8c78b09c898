import { asDeploymentError, DeploymentError } from '../errors.js';
import type { InputNames } from '../inputs/names.js';
import type { Logger } from '../output/sink.js';
import type { ScaPlan } from '../plan/sca.js';
import { send, type Connection, type Exchange } from '../proget/pipeline.js';
import {
  commentOnBuild,
  createOrUpdateBuild,
  importSbom,
  promoteBuild,
  type BuildAnalysis,
  type BuildInfo,
} from '../proget/sca-api.js';
import { scaError, type ScaStepName } from './sca-hints.js';

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
  project: string;
  build: string;
  stage: string;
  /** The build's page in ProGet, from the Create/Update Build answer (BuildInfo.viewBuildUrl). */
  viewBuildUrl?: string;
  /** ProGet's verdict after the promotion analysed the build (BuildAnalysisResults). */
  analysis?: BuildAnalysis;
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

export interface Step {
  step: ScaStepName;
  exchange: Exchange<unknown>;
  /** Keeps what the answer says in the report. */
  keep?: (answer: unknown, report: ScaReport) => void;
}

/** The SCA steps of a plan, in order, as exchanges: what a dry run shows and a run sends. */
export function scaSteps(sca: ScaPlan, server: string): Step[] {
  const build = { project: sca.project, version: sca.build };
  return [
    {
      step: 'build',
      exchange: createOrUpdateBuild(server, { ...build, ...(sca.url ? { url: sca.url } : {}) }),
      keep: (answer, report) => {
        const url = (answer as BuildInfo).viewBuildUrl;
        if (url) report.viewBuildUrl = url;
      },
    },
    ...(sca.sbom
      ? [
          {
            step: 'sbom' as const,
            exchange: importSbom(server, {
              contentType: sca.sbom.contentType,
              body: sca.sbom.body,
              shown: `${sca.sbom.path} (CycloneDX ${sca.sbom.format.toUpperCase()}, ${sca.sbom.components} component${sca.sbom.components === 1 ? '' : 's'})`,
            }),
          },
        ]
      : []),
    {
      step: 'promote',
      exchange: promoteBuild(server, build, sca.stage),
      keep: (answer, report) => {
        report.analysis = answer as BuildAnalysis;
      },
    },
    {
      step: 'comment',
      exchange: commentOnBuild(server, build, { comment: sca.comment, ...(sca.by ? { by: sca.by } : {}) }),
    },
  ];
}

/**
 * The SCA steps in order: build, SBOM, promotion, comment. One request at a time (each depends on the one
 * before), retried and timed out like a deployment record; after a failure the rest are skipped, since
 * promoting a build that could not be created, or commenting on a promotion that did not happen, would only
 * fail again or tell something untrue.
 */
export async function runSca(
  sca: ScaPlan,
  settings: ScaSettings,
  connection: Connection | undefined,
  log: Logger,
): Promise<ScaReport> {
  const report: ScaReport = {
    project: sca.project,
    build: sca.build,
    stage: sca.stage,
    ...(sca.sbom ? { sbom: { file: sca.sbom.path, components: sca.sbom.components } } : {}),
    steps: [],
  };
  const planned = scaSteps(sca, settings.server);
  if (settings.dryRun || !connection) {
    log.info(
      `[dry run] The SCA requests would authenticate with ${settings.keyFrom ?? 'no API key (anonymous)'}.`,
    );
    for (const { step, exchange } of planned) {
      const shown = exchange.shown ?? exchange.body;
      log.info(`[dry run] ${describe(exchange)}${shown ? ` ${shown}` : ''}`);
      report.steps.push({ step, outcome: 'dry-run', attempts: 0, request: describe(exchange) });
    }
    return report;
  }
  let stopped = false;
  for (const { step, exchange, keep } of planned) {
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
          ? scaError(error, step, sca, settings.names, Boolean(connection.key))
          : asDeploymentError(error);
      report.steps.push({
        step,
        outcome: 'failed',
        attempts: failure.attempts ?? 1,
        request: describe(exchange),
        error: failure,
      });
      stopped = true;
    }
  }
  return report;
}

/** The first failed step, for the run's one-line verdict. */
export function failedScaStep(report: ScaReport | undefined): ScaStepResult | undefined {
  return report?.steps.find((s) => s.outcome === 'failed');
}
