// GitHub's toolkit behind the platform seam, then runAction. `run()` is what @github/local-action calls (it
// stubs @actions/core and imports this file); index.ts calls it when the runner starts the bundle.
import * as core from '@actions/core';
import type { ActionPlatform } from './platform.js';
import { runAction } from './run.js';

const platform: ActionPlatform = {
  env: process.env,
  getInput: (name) => core.getInput(name),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  writeSummary: async (markdown) => {
    // Outside a runner (a local try-out) there is no summary file to append to.
    if (!process.env.GITHUB_STEP_SUMMARY) return core.debug('GITHUB_STEP_SUMMARY is not set: no job summary');
    await core.summary.addRaw(markdown).write();
  },
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  error: (message, title) => core.error(message, title ? { title } : {}),
  setFailed: (message) => core.setFailed(message),
  // Loaded on demand: Octokit is most of the bundle, and a step with a `target` never needs it.
  gitHubApi: async (token, baseUrl, timeoutMs) =>
    (await import('./github-api.js')).createGitHubApi(token, baseUrl, timeoutMs),
};

/** The whole action in this process. Never rejects: a failure is reported through `core.setFailed`. */
export async function run(): Promise<void> {
  await runAction(platform);
}
