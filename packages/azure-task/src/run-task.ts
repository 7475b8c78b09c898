import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  azureContext,
  optional,
  runStep,
  type RunOutcome,
  type StepOptions,
  type StepPlatform,
} from '@proget-deploy/core';
import { agentTransport } from './agent-transport.js';
import { taskInputs } from './inputs.js';
import type { TaskPlatform, TaskResultName } from './platform.js';

const RESULT: Record<RunOutcome, TaskResultName> = {
  success: 'Succeeded',
  warning: 'SucceededWithIssues',
  failure: 'Failed',
};

/** task-lib's calls as core's step platform: inputs, the pipeline's variables, the agent's network settings. */
export function stepPlatform(
  platform: TaskPlatform,
  finished: (result: TaskResultName) => void,
): StepPlatform {
  const inputs = taskInputs(platform);
  const tempDirectory = () => optional(platform.getVariable('Agent.TempDirectory')) ?? tmpdir();
  return {
    id: 'azure',
    userAgent: 'proget-deploy-azure-task',
    env: process.env,
    givenInputNames: () => platform.givenInputNames(),
    readInput: (meaning) => inputs.read(meaning),
    inputNames: () => inputs.names(),
    context: () => azureContext((name) => platform.getVariable(name)),
    agentTransport: (server) => agentTransport(platform, server),
    tempDirectory,
    print(level, text) {
      platform.logger[level](text);
    },
    markSecret: (value) => platform.setSecret(value),
    setOutput: (name, value) => platform.setOutputVariable(name, value),
    async writeSummary(markdown) {
      // A unique name: two instances of the task in one job each get their own summary section.
      const path = join(tempDirectory(), `proget-deployments-${randomUUID()}.md`);
      writeFileSync(path, markdown, 'utf8');
      platform.uploadSummary(path);
    },
    finish({ outcome, message }) {
      platform.setResult(RESULT[outcome], message);
      finished(RESULT[outcome]);
    },
  };
}

/**
 * The whole task: core's step on task-lib. Nothing is sent unless every input is valid; any failure becomes a
 * Failed result with a one-line reason that never carries a secret.
 */
export async function runTask(platform: TaskPlatform, options: StepOptions = {}): Promise<TaskResultName> {
  let result: TaskResultName = 'Failed';
  await runStep(
    stepPlatform(platform, (r) => {
      result = r;
    }),
    options,
  );
  return result;
}
