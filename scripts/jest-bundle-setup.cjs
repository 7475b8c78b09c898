// The `bundle` project's setup: what its suites run besides the committed bundles is built here, once, when a
// fresh clone does not have it yet — the compiled workspace (the emulator's own process for the L0 tests,
// core for @github/local-action) and ncc's stats of each bundle (the notices test reads what was bundled).
// A checkout that was built already (CI builds first) skips it.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BUNDLES = ['github-action', 'azure-task', 'cli'];

module.exports = async function buildWhatIsMissing() {
  const pnpm = (...args) =>
    execFileSync(
      'npx',
      ['--yes', `pnpm@${require(join(ROOT, 'package.json')).packageManager.split('@')[1]}`, ...args],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
  const stats = BUNDLES.map((name) => join(ROOT, 'packages', name, 'lib', 'ncc-stats.json'));
  if (stats.every(existsSync) && existsSync(join(ROOT, 'packages', 'emulator', 'lib', 'bin.js'))) return;
  process.stdout.write('\nbundle tests: building what a fresh clone lacks (pnpm build)…\n');
  pnpm('build');
};
