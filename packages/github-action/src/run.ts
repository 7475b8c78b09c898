import {
  DeploymentError,
  GITHUB_INPUT_NAMES,
  InvalidInputError,
  Redactor,
  describeRecord,
  githubContext,
  lines,
  optional,
  planRedactor,
  recordDeployments,
  renderMarkdownSummary,
  renderTextTable,
  resolvePlan,
  savedFiles,
  scaOutput,
  summaryRows,
  type ContextDefaults,
  type DeploymentPlan,
  type Logger,
  type RunReport,
} from '@proget-deploy/core';
import { GITHUB_TOKEN_INPUT, readInputs, type ActionInputs } from './inputs.js';
import { findJobEnvironment } from './job-environment.js';
import type { ActionPlatform } from './platform.js';

const USER_AGENT = 'proget-deploy-github-action';
/** Stands for the job's environment while the inputs are validated, before the REST lookup may run. */
const JOB_ENVIRONMENT = "(the job's environment)";

function platformLogger(platform: ActionPlatform): Logger {
  return {
    debug: (m) => platform.debug(m),
    info: (m) => platform.info(m),
    warning: (m) => platform.warning(m),
    error: (m) => platform.error(m),
  };
}

function messageOf(error: unknown): string {
  if (error instanceof DeploymentError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

function writeOutputs(
  platform: ActionPlatform,
  records: unknown[],
  count: number,
  files = '',
  sca = '',
): void {
  platform.setOutput('records', JSON.stringify(records));
  platform.setOutput('count', String(count));
  platform.setOutput('files', files);
  platform.setOutput('sca', sca);
}

async function publish(platform: ActionPlatform, report: RunReport, redactor: Redactor): Promise<void> {
  writeOutputs(
    platform,
    summaryRows(report, redactor),
    report.recorded,
    redactor.redact(savedFiles(report)),
    report.sca ? JSON.stringify(scaOutput(report.sca, redactor)) : '',
  );
  platform.info(renderTextTable(report, redactor));
  try {
    await platform.writeSummary(renderMarkdownSummary(report, redactor));
  } catch (error) {
    // The records are in ProGet by now: a summary that cannot be written is no reason to fail the step.
    platform.warning(redactor.redact(`The job summary was not written: ${messageOf(error)}`));
  }
  for (const result of report.results) {
    if (result.outcome !== 'failed' || !result.error) continue;
    const line = redactor.redact(`${describeRecord(result.record)}: ${result.error.describe()}`);
    if (report.outcome === 'failure') platform.error(line, 'ProGet deployment record');
    else platform.warning(line, 'ProGet deployment record');
  }
  for (const step of report.sca?.steps ?? []) {
    if (step.outcome !== 'failed' || !step.error) continue;
    const line = redactor.redact(`SCA ${step.step}: ${step.error.describe()}`);
    if (report.outcome === 'failure') platform.error(line, 'ProGet SCA build');
    else platform.warning(line, 'ProGet SCA build');
  }
  if (report.outcome === 'failure') platform.setFailed(report.message);
  else if (report.outcome === 'warning') platform.warning(report.message);
  else platform.info(report.message);
}

/** The target input, else the job's environment from the REST API. Resolves to the plan to run. */
async function withTargets(
  platform: ActionPlatform,
  inputs: ActionInputs,
  context: ContextDefaults,
  plan: DeploymentPlan,
): Promise<DeploymentPlan> {
  if (!plan.targets.includes(JOB_ENVIRONMENT)) return plan;
  const baseUrl = platform.env.GITHUB_API_URL || 'https://api.github.com';
  if (!inputs.githubToken) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: the job's environment cannot be looked up without ${GITHUB_TOKEN_INPUT} — set ${GITHUB_INPUT_NAMES.target}, or leave ${GITHUB_TOKEN_INPUT} at its default`,
    );
  }
  const api = await platform.gitHubApi(inputs.githubToken, baseUrl, plan.timeoutMs);
  const environment = await findJobEnvironment(api, platform.env, (m) =>
    platform.debug(inputs.redactor.redact(m)),
  );
  platform.info(`Target: "${environment}", the job's environment`);
  // Resolved again with the real target, which may also be the SCA stage and is named in the build comment;
  // the same instant, so the plan differs from the one validated only in its target.
  return resolvePlan(
    inputs.raw,
    { ...context, targets: [environment] },
    GITHUB_INPUT_NAMES,
    () => new Date(plan.date),
  );
}

/**
 * The action: inputs (key masked first) and the run's context → core's plan → records in ProGet → outputs,
 * job summary, annotations and the step's result. Never throws; a failure is reported through `setFailed`.
 */
export async function runAction(platform: ActionPlatform): Promise<void> {
  let redactor = new Redactor();
  try {
    const inputs = readInputs(platform);
    redactor = inputs.redactor;
    const context = githubContext(platform.env);
    // An SCA-only run with its stage given needs no target, so no lookup.
    const scaOnly = Boolean(optional(inputs.raw.scaProject)) && !optional(inputs.raw.package);
    const lookup = lines(inputs.raw.target).length === 0 && !(scaOnly && optional(inputs.raw.scaStage));
    // Every input is validated before the first request of any kind, the REST lookup's included.
    const resolved = resolvePlan(
      inputs.raw,
      lookup ? { ...context, targets: [JOB_ENVIRONMENT] } : context,
      GITHUB_INPUT_NAMES,
    );
    redactor = planRedactor(resolved);
    redactor.add(inputs.githubToken);
    let plan: DeploymentPlan;
    try {
      plan = await withTargets(platform, inputs, context, resolved);
    } catch (error) {
      // The lookup is a request like any other: `on-error: warn` forgives an outage, never missing permissions.
      if (!(error instanceof DeploymentError) || error.isConfigurationError || resolved.onError !== 'warn')
        throw error;
      writeOutputs(platform, [], 0);
      platform.warning(redactor.redact(`Nothing recorded: ${error.describe()}`));
      return;
    }
    const report = await recordDeployments(plan, { logger: platformLogger(platform), userAgent: USER_AGENT });
    await publish(platform, report, redactor);
  } catch (error) {
    platform.setFailed(redactor.redact(messageOf(error)));
  }
}
