// `pnpm check:versions`: fails, naming each file, when a shipped manifest disagrees with the product's
// version or repository (both in the root package.json). Fix the version with `pnpm release:version`.
//
// The release workflow adds what only it knows: `--tag v1.2.3` (the pushed tag must be the product version)
// and `--repository owner/name` (npm provenance and the Marketplace links must name the repository that
// builds the release).
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { productRepository, productVersion, repositoryMismatches, versionMismatches } from './product.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { tag: { type: 'string' }, repository: { type: 'string' } } });
const version = productVersion(root);
const repository = productRepository(root);
const problems = [
  ...versionMismatches(root, version).map(
    ({ path, found }) => `${path} has version ${found ?? '(none)'}, the product version is ${version}`,
  ),
  ...repositoryMismatches(root, repository).map(
    ({ path, found }) =>
      `${path} links to ${found ?? '(nothing)'}, not the product's repository ${repository}`,
  ),
];
if (values.tag !== undefined && values.tag !== `v${version}`)
  problems.push(`the tag ${values.tag} is not the product version v${version} (package.json)`);
if (values.repository !== undefined && values.repository !== repository)
  problems.push(`package.json's repository is ${repository}, but this is ${values.repository}: update it`);

if (problems.length > 0) {
  for (const problem of problems) console.error(`check:versions: ${problem}`);
  if (problems.some((p) => p.includes('the product version is')))
    console.error(`Run pnpm release:version ${version} to stamp every manifest.`);
  process.exit(1);
}
console.log(`check:versions: every manifest is at ${version}, from ${repository}`);
