import {
  GITHUB_INPUT_NAMES,
  INPUT_CATALOGUE,
  entriesOn,
  type Redactor,
  type InputNames,
  type RawInputs,
} from '@proget-deploy/core';
import type { ActionPlatform } from './platform.js';

/** The token for the REST API lookup of the job's environment; GitHub-only, so not among core's names. */
export const GITHUB_TOKEN_INPUT = INPUT_CATALOGUE.githubToken.github;

/**
 * Every input the action reads: the catalogue's GitHub inputs, which `pnpm sync` writes into action.yml.
 * The secrets come first: they are masked before any other input is read or any line is logged.
 */
export const ACTION_INPUTS: readonly string[] = entriesOn('github')
  .sort((a, b) => Number(Boolean(b.secret)) - Number(Boolean(a.secret)))
  .map((entry) => entry.github!);

export interface ActionInputs {
  raw: RawInputs;
  githubToken: string;
}

/** Reads every input; the run's redactor knows the key and the token from the moment they are read. */
export function readInputs(platform: ActionPlatform, redactor: Redactor): ActionInputs {
  const apiKey = platform.getInput(GITHUB_INPUT_NAMES.apiKey);
  if (apiKey) platform.setSecret(apiKey);
  redactor.add(apiKey);
  const githubToken = platform.getInput(GITHUB_TOKEN_INPUT);
  if (githubToken) platform.setSecret(githubToken);
  redactor.add(githubToken);
  const raw: RawInputs = { apiKey };
  for (const [meaning, name] of Object.entries(GITHUB_INPUT_NAMES) as [keyof InputNames, string][]) {
    if (meaning !== 'apiKey') raw[meaning] = platform.getInput(name);
  }
  return { raw, githubToken };
}
