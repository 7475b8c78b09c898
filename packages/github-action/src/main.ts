// GitHub's toolkit behind the platform seam, then runAction. `run()` is what @github/local-action calls (it
// stubs @actions/core and imports this file); index.ts calls it when the runner starts the bundle.
import { appendFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { ActionPlatform } from './platform.js';
import { runAction } from './run.js';

const platform: ActionPlatform = {
  env: process.env,
  getInput: (name) => core.getInput(name),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  // Appended as the runner documents it, as core.summary would, but synchronously: no fs/promises, no thread
  // pool started for one write.
  writeSummary: async (markdown) => appendFileSync(process.env.GITHUB_STEP_SUMMARY!, markdown, 'utf8'),
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  error: (message, title) => core.error(message, title ? { title } : {}),
  setFailed: (message) => core.setFailed(message),
  // Loaded on demand (a chunk of its own): a step with a `target` never asks GitHub's API.
  gitHubApi: async (token, baseUrl, timeoutMs) =>
    (await import('./github-api.js')).createGitHubApi(token, baseUrl, timeoutMs),
};

/** The whole action in this process. Never rejects: a failure is reported through `core.setFailed`. */
export async function run(): Promise<void> {
  await runAction(platform);
}
