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

/** The inputs the catalogue marks secret (the keys, the token). */
const SECRET_INPUTS = new Set(
  entriesOn('github')
    .filter((entry) => entry.secret)
    .map((entry) => entry.github!),
);

export interface ActionInputs {
  raw: RawInputs;
  githubToken: string;
}

/** Reads every input; the run's redactor knows every secret one from the moment it is read. */
export function readInputs(platform: ActionPlatform, redactor: Redactor): ActionInputs {
  const values = new Map<string, string>();
  for (const name of ACTION_INPUTS) {
    const value = platform.getInput(name);
    if (SECRET_INPUTS.has(name)) {
      if (value) platform.setSecret(value);
      redactor.add(value);
    }
    values.set(name, value);
  }
  const raw: RawInputs = {};
  for (const [meaning, name] of Object.entries(GITHUB_INPUT_NAMES) as [keyof InputNames, string][]) {
    raw[meaning] = values.get(name);
  }
  return { raw, githubToken: values.get(GITHUB_TOKEN_INPUT) ?? '' };
}
