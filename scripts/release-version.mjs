// `pnpm release:version X.Y.Z`: makes X.Y.Z the product version (root package.json) and stamps it into
// every manifest (scripts/product.mjs), then turns CHANGELOG.md's Unreleased section into X.Y.Z's.
// Rebuild afterwards: the CLI's bundle carries the version.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { releaseChangelog } from './changelog.mjs';
import { SEMVER, stampVersion } from './product.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The next step as a user without a global pnpm runs it (the pin from packageManager).
const PNPM = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const version = process.argv.slice(2).find((arg) => arg !== '--');

if (!version || !SEMVER.test(version)) {
  console.error(
    `release:version: give the new version as X.Y.Z (semantic versioning), not "${version ?? ''}"`,
  );
  process.exit(2);
}
try {
  const changed = stampVersion(root, version);
  const date = new Date().toISOString().slice(0, 10);
  if (releaseChangelog(root, version, date)) changed.push('CHANGELOG.md');
  console.log(
    `release:version: ${version} in ${changed.length ? changed.join(', ') : 'every manifest already'}`,
  );
  console.log(
    `Next: npx --yes pnpm@${PNPM} build (the CLI bundle carries the version), commit, tag v${version}, push the tag.`,
  );
} catch (error) {
  console.error(`release:version: ${error.message}`);
  process.exit(1);
}
