import { tmpdir } from 'node:os';
import {
  azureContext,
  DeploymentError,
  optional,
  recordDeployments,
  redactPlanSecrets,
  Redactor,
  renderTextTable,
  resolvePlan,
  type RunOutcome,
} from '@proget-deploy/core';
import { applyAgentTransport } from './agent-transport.js';
import type { TaskPlatform, TaskResultName } from './platform.js';
import { publishReport } from './publish-report.js';
import { readTaskInputs } from './inputs.js';

const RESULT: Record<RunOutcome, TaskResultName> = {
  success: 'Succeeded',
  warning: 'SucceededWithIssues',
  failure: 'Failed',
};

const USER_AGENT = 'proget-deploy-azure-task';

/**
 * The whole task: inputs and pipeline variables in, deployment records out, then output variables, the run
 * summary and the task result. Nothing is sent unless every input is valid; any failure becomes a Failed
 * result with a one-line reason that never carries a secret.
 */
export async function runTask(platform: TaskPlatform): Promise<TaskResultName> {
  const redactor = new Redactor();
  try {
    const { raw, names } = readTaskInputs(platform);
    redactor.add(raw.apiKey);
    const context = azureContext((name) => platform.getVariable(name));
    const plan = resolvePlan(raw, context, names);
    applyAgentTransport(plan, platform);
    redactPlanSecrets(redactor, plan);

    const report = await recordDeployments(plan, {
      logger: platform.logger,
      redactor,
      userAgent: USER_AGENT,
    });
    platform.logger.info(renderTextTable(report, redactor));
    const tempDir = optional(platform.getVariable('Agent.TempDirectory')) ?? tmpdir();
    publishReport(platform, report, redactor, tempDir);
    const result = RESULT[report.outcome];
    platform.setResult(result, report.message);
    return result;
  } catch (error) {
    const message =
      error instanceof DeploymentError ? error.describe() : String((error as Error)?.message ?? error);
    platform.setResult('Failed', redactor.redact(message));
    return 'Failed';
  }
}
