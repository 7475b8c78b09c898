// `pnpm sync`: writes the input catalogue (packages/core/src/inputs/catalogue.ts) into action.yml's inputs,
// task.json's inputs and the docs' marked input tables. `--check` (`pnpm check:manifests`) changes nothing and
// fails, naming each input and difference, when any of them disagrees with the catalogue.
// Runs on the compiled packages: `pnpm sync` builds them first; CI runs the check after `pnpm build`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncManifests } from '../packages/manifests/lib/index.js';

const check = process.argv.includes('--check');
const root =
  process.argv.find((arg) => arg.startsWith('--root='))?.slice('--root='.length) ??
  join(dirname(fileURLToPath(import.meta.url)), '..');
const report = syncManifests(root, check ? 'check' : 'write');

if (check) {
  for (const problem of report.problems) console.error(problem);
  if (report.problems.length > 0) {
    console.error(
      `check:manifests: ${report.problems.length} difference(s) from the input catalogue; run pnpm sync`,
    );
    process.exit(1);
  }
  console.log('check:manifests: action.yml, task.json and the docs input tables match the input catalogue');
} else {
  console.log(
    report.changed.length > 0 ? `sync: rewrote ${report.changed.join(', ')}` : 'sync: nothing to change',
  );
}
