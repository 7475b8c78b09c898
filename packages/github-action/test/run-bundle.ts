// The committed bundle run as the runner runs it, with action.yml's defaults for the inputs a workflow leaves out.
import { runActionBundle, type ActionRun } from '@proget-deploy/testkit';
import { readActionYml } from './action-yml';

export { RUNNER_TOKEN } from '@proget-deploy/testkit';
export type StepResult = ActionRun;

export function runBundle(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runActionBundle(readActionYml().inputs, inputs, env);
}
