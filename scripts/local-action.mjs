// Runs the action's TypeScript sources with @github/local-action, the tool GitHub's typescript-action
// template uses to run an action on a workstation (https://github.com/github/local-action): it loads
// packages/github-action/src/main.ts, stubs @actions/core (inputs from a .env file, outputs and commands
// printed), and calls the exported run().
//
// Usage: pnpm local-action <dotenv file>   (inputs as INPUT_<NAME>, e.g. INPUT_API-KEY=…; see
// docs/development.md). Needs `tsc -b` first (the package script does it): main.ts imports core's build.
//
// Why not the `local-action` bin: with a pnpm workspace it runs `pnpm dlx tsx` (fetching tsx, whose esbuild
// build script pnpm then refuses) and finds @actions/core in the first project of a workspace-wide
// `pnpm list`, the root, which has none. So this runs local-action's own entry with the tsx it depends on,
// and lets it locate @actions/* with `npm ls` in the action's package, which reads pnpm's node_modules fine.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const actionPackage = join(root, 'packages', 'github-action');
const entrypoint = 'packages/github-action/src/main.ts';

const dotenv = process.argv.slice(2).find((arg) => arg !== '--');
if (!dotenv) {
  console.error('local-action: pass the .env file with the inputs, e.g. pnpm local-action .env');
  process.exit(2);
}

const localAction = realpathSync(join(actionPackage, 'node_modules', '@github', 'local-action'));
const tsxPackage = createRequire(join(localAction, 'package.json')).resolve('tsx/package.json');
const tsx = join(dirname(tsxPackage), createRequire(import.meta.url)(tsxPackage).bin);

const result = spawnSync(
  process.execPath,
  [tsx, join(localAction, 'src', 'index.ts'), 'run', root, entrypoint, resolve(dotenv)],
  {
    cwd: actionPackage,
    stdio: 'inherit',
    env: { ...process.env, TARGET_ACTION_PATH: root, NODE_PACKAGE_MANAGER: 'npm', NODE_NO_WARNINGS: '1' },
  },
);
process.exit(result.status ?? 1);
