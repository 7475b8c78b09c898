// Fails when a committed bundle differs from what its sources build: GitHub and Azure run dist/ as
// committed, so a stale bundle would ship code nobody reviewed. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';

const bundles = ['packages/github-action/dist', 'packages/azure-task/dist', 'packages/cli/dist'];
const status = execFileSync('git', ['status', '--porcelain', '--', ...bundles], { encoding: 'utf8' }).trim();
if (status) {
  console.error('The committed bundles do not match their sources. Run `pnpm build` and commit:');
  console.error(status);
  console.error(execFileSync('git', ['diff', '--stat', '--', ...bundles], { encoding: 'utf8' }));
  process.exit(1);
}
console.log(`Committed bundles match their sources (${bundles.join(', ')}).`);
