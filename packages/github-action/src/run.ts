import { tmpdir } from 'node:os';
import {
  GITHUB_INPUT_NAMES,
  InvalidInputError,
  githubContext,
  inputEntry,
  runStep,
  runnerInputNames,
  type Logger,
  type StepOptions,
  type StepPlatform,
} from '@proget-deploy/core';
import { findJobEnvironment, GITHUB_TOKEN_INPUT } from './job-environment.js';
import type { ActionPlatform } from './platform.js';

/** The job's environment, from the REST API: the target when the `target` input is empty. */
async function lookUpJobEnvironment(
  platform: ActionPlatform,
  githubToken: string,
  timeoutMs: number,
  log: Logger,
): Promise<string> {
  if (!githubToken) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: the job's environment cannot be looked up without ${GITHUB_TOKEN_INPUT} — set ${GITHUB_INPUT_NAMES.target}, or leave ${GITHUB_TOKEN_INPUT} at its default`,
    );
  }
  const baseUrl = platform.env.GITHUB_API_URL || 'https://api.github.com';
  const api = await platform.gitHubApi(githubToken, baseUrl, timeoutMs);
  const environment = await findJobEnvironment(api, platform.env, (m) => log.debug(m));
  log.info(`Target: "${environment}", the job's environment`);
  return environment;
}

/** GitHub's toolkit as core's step platform: inputs by action.yml name, the run's context, the job summary. */
export function stepPlatform(platform: ActionPlatform): StepPlatform {
  const inputs = new Map<string, string>();
  return {
    id: 'github',
    userAgent: 'proget-deploy-github-action',
    env: platform.env,
    givenInputNames: () => runnerInputNames(platform.env),
    readInput(meaning) {
      const name = inputEntry(meaning).github!;
      const value = platform.getInput(name);
      inputs.set(name, value);
      return value;
    },
    inputNames: () => GITHUB_INPUT_NAMES,
    context: () => githubContext(platform.env),
    lookUpTarget: (timeoutMs, log) =>
      lookUpJobEnvironment(platform, inputs.get(GITHUB_TOKEN_INPUT) ?? '', timeoutMs, log),
    tempDirectory: () => platform.env.RUNNER_TEMP || tmpdir(),
    print(level, text, title) {
      if (level === 'debug') platform.debug(text);
      else if (level === 'info') platform.info(text);
      else platform[level](text, title);
    },
    markSecret: (value) => platform.setSecret(value),
    setOutput: (name, value) => platform.setOutput(name, value),
    // Outside a runner (a local try-out) there is no summary file: no summary is made.
    ...(platform.env.GITHUB_STEP_SUMMARY
      ? { writeSummary: (markdown: string) => platform.writeSummary(markdown) }
      : {}),
    // The verdict is the one place a failure is told: the table marks each record's fate, the verdict says why.
    finish({ outcome, message }) {
      if (outcome === 'failure') platform.setFailed(message);
      else if (outcome === 'warning') platform.warning(message);
      else platform.info(message);
    },
  };
}

/**
 * The action: core's step on GitHub's toolkit. Never throws; a failure is reported through `setFailed`.
 */
export async function runAction(platform: ActionPlatform, options: StepOptions = {}): Promise<void> {
  await runStep(stepPlatform(platform), options);
}
