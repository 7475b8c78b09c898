import { GITHUB_INPUT_NAMES, Redactor, type InputNames, type RawInputs } from '@proget-deploy/core';
import type { ActionPlatform } from './platform.js';

/** The token for the REST API lookup of the job's environment; GitHub-only, so not among core's names. */
export const GITHUB_TOKEN_INPUT = 'github-token';

/**
 * Every input the action reads, which is every input action.yml declares (a test holds the two together).
 * The API key comes first: it is masked before any other input is read or any line is logged.
 */
export const ACTION_INPUTS: readonly string[] = [
  GITHUB_INPUT_NAMES.apiKey,
  GITHUB_TOKEN_INPUT,
  ...Object.values(GITHUB_INPUT_NAMES).filter((name) => name !== GITHUB_INPUT_NAMES.apiKey),
];

export interface ActionInputs {
  raw: RawInputs;
  githubToken: string;
  /** Knows the key and the token from the moment they were read, for every line the action writes itself. */
  redactor: Redactor;
}

export function readInputs(platform: ActionPlatform): ActionInputs {
  const apiKey = platform.getInput(GITHUB_INPUT_NAMES.apiKey);
  if (apiKey) platform.setSecret(apiKey);
  const githubToken = platform.getInput(GITHUB_TOKEN_INPUT);
  if (githubToken) platform.setSecret(githubToken);
  const raw: RawInputs = { apiKey };
  for (const [meaning, name] of Object.entries(GITHUB_INPUT_NAMES) as [keyof InputNames, string][]) {
    if (meaning !== 'apiKey') raw[meaning] = platform.getInput(name);
  }
  return { raw, githubToken, redactor: new Redactor([apiKey, githubToken]) };
}
