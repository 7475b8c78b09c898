import { INPUT_CATALOGUE, PLAN_INPUTS, type PlanInput } from './catalogue.js';

/**
 * What each setting is called where the user types it. Messages and hints name the input the user can
 * actually change (`api-key` in a workflow, `apiKey` in a pipeline, `--api-key` at a terminal).
 */
export type InputNames = Record<PlanInput, string>;

function namesFrom(name: (meaning: PlanInput) => string): InputNames {
  return Object.fromEntries(PLAN_INPUTS.map((meaning) => [meaning, name(meaning)])) as InputNames;
}

export const GITHUB_INPUT_NAMES: InputNames = namesFrom((meaning) => INPUT_CATALOGUE[meaning].github);
export const AZURE_INPUT_NAMES: InputNames = namesFrom((meaning) => INPUT_CATALOGUE[meaning].azure.name);
export const CLI_INPUT_NAMES: InputNames = namesFrom((meaning) => `--${INPUT_CATALOGUE[meaning].cli.flag}`);
