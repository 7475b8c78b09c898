import type { Dispatcher } from 'undici';
import { authHeaders, type AuthMethod } from '../auth-headers.js';
import { DeploymentError } from '../errors.js';
import { httpAttempt, withRetries } from '../http-attempt.js';
import type { InputNames } from '../input-names.js';
import type { Redactor } from '../redact.js';
import type { Logger } from '../logger.js';
import { scaError } from './sca-errors.js';
import type { ScaPlan } from './sca-plan.js';
import { scaRequests, type ScaRequest, type ScaStepName } from './sca-requests.js';

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
  /** ProGet's verdict after the promotion analysed the build (BuildAnalysisResults.statusText). */
  analysis?: string;
  sbom?: { file: string; components: number };
  steps: ScaStepResult[];
}

export interface ScaSettings {
  server: string;
  /** The records' key, sent when there is no scaApiKey. */
  apiKey?: string;
  /** A key for the SCA API alone, which refuses the feed keys that records need. */
  scaApiKey?: string;
  /** Unset (`auto`): ProGet's own /api/ endpoints document the X-ApiKey header first. */
  authMethod?: AuthMethod;
  timeoutMs: number;
  retries: number;
  names: InputNames;
  dryRun: boolean;
}

export interface ScaDependencies {
  dispatcher?: Dispatcher;
  logger: Logger;
  userAgent: string;
  backoffBaseMs: number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /** Masks the run's secrets in ProGet's answers before they are cut to an excerpt. */
  redactor?: Redactor;
}

const describe = (request: ScaRequest) => `${request.method} ${request.url.href}`;

/** The key the SCA steps send, and the input it came from (so a dry run can say which without showing it). */
function scaKey(settings: ScaSettings): { key?: string; from: string } {
  if (settings.scaApiKey) return { key: settings.scaApiKey, from: settings.names.scaApiKey };
  if (settings.apiKey) return { key: settings.apiKey, from: settings.names.apiKey };
  return { from: 'no API key (anonymous)' };
}

/** A JSON answer's property, whatever the case of its name (ProGet's model binding ignores case). */
function property(json: unknown, name: string): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const entry = Object.entries(json).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return typeof entry?.[1] === 'string' && entry[1] ? entry[1] : undefined;
}

async function readJson(response: Dispatcher.ResponseData): Promise<unknown> {
  const text = await response.body.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The SCA steps in order: build, SBOM, promotion, comment. One request at a time (each depends on the one
 * before), retried and timed out like a deployment record; after a failure the rest are skipped, since
 * promoting a build that could not be created, or commenting on a promotion that did not happen, would only
 * fail again or tell something untrue.
 */
export async function runSca(sca: ScaPlan, settings: ScaSettings, deps: ScaDependencies): Promise<ScaReport> {
  const requests = scaRequests(settings.server, sca, settings.names.server);
  const report: ScaReport = {
    project: sca.project,
    build: sca.build,
    stage: sca.stage,
    ...(sca.sbom ? { sbom: { file: sca.sbom.path, components: sca.sbom.components } } : {}),
    steps: [],
  };
  const { key, from } = scaKey(settings);
  if (settings.dryRun) {
    deps.logger.info(`[dry run] The SCA requests would authenticate with ${from}.`);
    for (const request of requests) {
      deps.logger.info(`[dry run] ${describe(request)}${request.shown ? ` ${request.shown}` : ''}`);
      report.steps.push({ step: request.step, outcome: 'dry-run', attempts: 0, request: describe(request) });
    }
    return report;
  }
  const { dispatcher } = deps;
  if (!dispatcher) throw new Error('runSca sends requests only through the dispatcher it is given');
  let stopped = false;
  for (const request of requests) {
    if (stopped) {
      report.steps.push({ step: request.step, outcome: 'skipped', attempts: 0, request: describe(request) });
      continue;
    }
    try {
      const { value, attempts } = await withRetries(
        async (attempt) => {
          deps.logger.debug(
            `${describe(request)} (attempt ${attempt})${request.shown ? ` ${request.shown}` : ''}`,
          );
          const outcome = await httpAttempt(
            {
              url: request.url,
              method: request.method,
              headers: {
                ...(request.contentType ? { 'content-type': request.contentType } : {}),
                accept: 'application/json, text/plain, */*',
                'user-agent': deps.userAgent,
                ...authHeaders(key, settings.authMethod ?? 'header'),
              },
              body: request.body,
              dispatcher,
              timeoutMs: settings.timeoutMs,
            },
            {
              host: request.url.host,
              hasKey: Boolean(key),
              names: settings.names,
              attempts: attempt,
              timeoutMs: settings.timeoutMs,
              redactor: deps.redactor,
            },
            readJson,
          );
          if (outcome.ok) return outcome;
          const error = scaError(outcome.error, request.step, sca, settings.names, Boolean(key));
          return { ...outcome, error };
        },
        {
          retries: settings.retries,
          timeoutMs: settings.timeoutMs,
          backoffBaseMs: deps.backoffBaseMs,
          sleep: deps.sleep,
          random: deps.random ?? Math.random,
          logger: deps.logger,
          label: `SCA ${request.step}`,
        },
      );
      if (request.step === 'build') report.viewBuildUrl = property(value, 'viewBuildUrl');
      if (request.step === 'promote') report.analysis = property(value, 'statusText');
      report.steps.push({ step: request.step, outcome: 'done', attempts, request: describe(request) });
    } catch (error) {
      const failure =
        error instanceof DeploymentError ? error : new DeploymentError('network', String(error));
      report.steps.push({
        step: request.step,
        outcome: 'failed',
        attempts: failure.attempts ?? 1,
        request: describe(request),
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
