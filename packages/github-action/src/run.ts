import { tmpdir } from 'node:os';
import {
  DeploymentError,
  GITHUB_INPUT_NAMES,
  InvalidInputError,
  Redactor,
  githubContext,
  lines,
  optional,
  recordDeployments,
  redactPlanSecrets,
  renderMarkdownSummary,
  renderTextTable,
  resolvePlan,
  resolveSettings,
  savedFiles,
  scaOutput,
  summaryRows,
  recordsOutput,
  writeRecordsFile,
  type SummaryRow,
  type Logger,
  type RunReport,
} from '@proget-deploy/core';
import { GITHUB_TOKEN_INPUT, readInputs } from './inputs.js';
import { findJobEnvironment } from './job-environment.js';
import type { ActionPlatform } from './platform.js';

const USER_AGENT = 'proget-deploy-github-action';

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

/**
 * GitHub allows 1 MB of outputs per job, counted as UTF-16 (docs.github.com/en/actions/writing-workflows/
 * choosing-what-your-workflow-does/passing-information-between-jobs): `records` takes at most a quarter of
 * that, leaving room for other steps' outputs; `records-file` always has every record.
 */
const RECORDS_OUTPUT_CHARS = 256_000;

function writeOutputs(
  platform: ActionPlatform,
  rows: () => Iterable<SummaryRow>,
  total: number,
  count: number,
  files = '',
  sca = '',
): void {
  // Rows are made as each output is written (twice, not kept): a batch can be 100,000 records.
  const records = recordsOutput(rows(), RECORDS_OUTPUT_CHARS);
  platform.setOutput('records', records.json);
  platform.setOutput('count', String(count));
  platform.setOutput('files', files);
  platform.setOutput('sca', sca);
  platform.setOutput('records-file', writeRecordsFile(platform.env.RUNNER_TEMP || tmpdir(), rows()));
  if (records.cut) {
    platform.warning(
      `The records output holds only the first records (GitHub limits a job's outputs to 1 MB); all ${total} are in the file named by the records-file output.`,
    );
  }
}

async function publish(platform: ActionPlatform, report: RunReport, redactor: Redactor): Promise<void> {
  writeOutputs(
    platform,
    () => summaryRows(report, redactor),
    report.results.length,
    report.recorded,
    redactor.redact(savedFiles(report)),
    report.sca ? JSON.stringify(scaOutput(report.sca, redactor)) : '',
  );
  platform.info(renderTextTable(report, redactor));
  try {
    await platform.writeSummary(
      renderMarkdownSummary(report, redactor, { fullList: 'the file named by the records-file output' }),
    );
  } catch (error) {
    // The records are in ProGet by now: a summary that cannot be written is no reason to fail the step.
    platform.warning(redactor.redact(`The job summary was not written: ${messageOf(error)}`));
  }
  // The verdict is the one place a failure is told: the table marks each record's fate, the verdict says why.
  if (report.outcome === 'failure') platform.setFailed(report.message);
  else if (report.outcome === 'warning') platform.warning(report.message);
  else platform.info(report.message);
}

/** The job's environment, from the REST API: the target when the `target` input is empty. */
async function lookUpJobEnvironment(
  platform: ActionPlatform,
  githubToken: string,
  timeoutMs: number,
  redactor: Redactor,
): Promise<string> {
  const baseUrl = platform.env.GITHUB_API_URL || 'https://api.github.com';
  if (!githubToken) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: the job's environment cannot be looked up without ${GITHUB_TOKEN_INPUT} — set ${GITHUB_INPUT_NAMES.target}, or leave ${GITHUB_TOKEN_INPUT} at its default`,
    );
  }
  const api = await platform.gitHubApi(githubToken, baseUrl, timeoutMs);
  const environment = await findJobEnvironment(api, platform.env, (m) => platform.debug(redactor.redact(m)));
  platform.info(`Target: "${environment}", the job's environment`);
  return environment;
}

/**
 * The action: inputs (key masked first) and the run's context → core's plan → records in ProGet → outputs,
 * job summary, annotations and the step's result. Never throws; a failure is reported through `setFailed`.
 */
export async function runAction(platform: ActionPlatform): Promise<void> {
  const redactor = new Redactor();
  try {
    const { raw, githubToken } = readInputs(platform, redactor);
    let context = githubContext(platform.env);
    // An SCA-only run with its stage given needs no target, so no lookup.
    const scaOnly = Boolean(optional(raw.scaProject)) && !optional(raw.package);
    if (lines(raw.target).length === 0 && !(scaOnly && optional(raw.scaStage))) {
      // Every input is validated before the first request of any kind, the REST lookup's included.
      const settings = resolveSettings(raw, context, GITHUB_INPUT_NAMES);
      redactPlanSecrets(redactor, settings);
      let environment: string;
      try {
        environment = await lookUpJobEnvironment(platform, githubToken, settings.timeoutMs, redactor);
      } catch (error) {
        // The lookup is a request like any other: `on-error: warn` forgives an outage, never missing permissions.
        if (!(error instanceof DeploymentError) || error.isConfigurationError || settings.onError !== 'warn')
          throw error;
        writeOutputs(platform, () => [], 0, 0);
        platform.warning(redactor.redact(`Nothing recorded: ${error.describe()}`));
        return;
      }
      context = { ...context, targets: [environment] };
    }
    const plan = resolvePlan(raw, context, GITHUB_INPUT_NAMES);
    const report = await recordDeployments(plan, {
      logger: platformLogger(platform),
      redactor,
      userAgent: USER_AGENT,
    });
    await publish(platform, report, redactor);
  } catch (error) {
    platform.setFailed(redactor.redact(messageOf(error)));
  }
}
