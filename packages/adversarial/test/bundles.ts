// The three committed bundles, each run as its platform runs it (testkit), the action with action.yml's
// defaults for the inputs a case leaves out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseActionYml } from '@proget-deploy/manifests';
import { REPO_ROOT, runActionBundle, type ActionRun } from '@proget-deploy/testkit';

export {
  commandsNamed,
  completion,
  outputVariable,
  runCli,
  runTaskBundle as runTask,
} from '@proget-deploy/testkit';

const declared = parseActionYml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')).inputs;

export function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runActionBundle(declared, inputs, env);
}
