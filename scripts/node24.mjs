// Node 24 for this repository's tests and benchmarks. GitHub runs the action on `node24` and Azure runs the
// task on Node20_1 or Node24 (action.yml, task.json), but a machine with only Node 20 and npm (this one, and CI's
// clean clone) can still get a Node 24 binary: npm's `node` package (https://www.npmjs.com/package/node)
// installs the official build for the platform. It goes into `.cache/node24`, which git ignores.
//
//   import { ensureNode24 } from './node24.mjs';  const node24 = ensureNode24();  // absolute path
//   node scripts/node24.mjs                                                      // prints the path
//
// Quick when already there (one `--version`); otherwise one `npm install`, then the binary is asked its version
// again, so a wrong or broken install fails here rather than as a puzzling test run. The binary's path is that
// of the package's `bin/node` (Linux and macOS, as CI runs).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'node24');
const BINARY = join(NODE24_DIR, 'node_modules', 'node', 'bin', 'node');
const INSTALL_DEADLINE_MS = 5 * 60_000; // a ~50 MB download; a hung registry must not hang CI

/** The binary's `node --version` (e.g. `v24.11.1`), or undefined when it is missing or does not run. */
function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** npm's reason in one line: its first error line after the `code`/`syscall`/`errno` ones, e.g.
 * `notarget No matching version found for node@24.` or `FetchError: request to … failed, reason: …`. */
function npmReason(output) {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/^npm (error|ERR!)/, '').trim())
    .filter(Boolean);
  return lines.find((line) => !/^(code|syscall|errno)\s/.test(line)) ?? lines.at(-1) ?? 'no output';
}

/**
 * Makes sure npm's Node 24 is installed in `.cache/node24` and returns the absolute path of its binary.
 * Throws an Error with a one-line message when npm fails or the binary is not v24.
 * @param {{ log?: (line: string) => void }} [options] where the "installing" line goes (stderr by default, so a
 *   caller's stdout stays the path alone)
 */
export function ensureNode24({ log = (line) => console.error(line) } = {}) {
  if (versionOf(BINARY)?.startsWith('v24.')) return BINARY;

  log(`Installing Node 24 (npm's node package) into ${NODE24_DIR} …`);
  // Start clean: a half-finished or older install must not be mistaken for this one.
  rmSync(NODE24_DIR, { recursive: true, force: true });
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      NODE24_DIR,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      'node@24',
    ],
    { encoding: 'utf8', timeout: INSTALL_DEADLINE_MS },
  );
  if (npm.error?.code === 'ETIMEDOUT')
    throw new Error(`npm install node@24 gave no result within ${INSTALL_DEADLINE_MS / 60_000} minutes`);
  if (npm.error) throw new Error(`npm install node@24 could not start: ${npm.error.message}`);
  if (npm.status !== 0)
    throw new Error(`npm install node@24 failed (exit ${npm.status}): ${npmReason(npm.stderr + npm.stdout)}`);

  const version = versionOf(BINARY);
  if (!version?.startsWith('v24.'))
    throw new Error(`npm installed node@24, but ${BINARY} ${version ? `is ${version}` : 'does not run'}`);
  return BINARY;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureNode24());
  } catch (error) {
    console.error(`node24: ${error.message}`);
    process.exit(1);
  }
}
