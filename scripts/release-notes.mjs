// Prints the release notes of a version (`v1.2.3` or `1.2.3`) from CHANGELOG.md, for `gh release create
// --notes-file`. Fails with one line when the changelog has no such section or it is empty, so a tag
// pushed without its changelog entry makes no release.
import { readFileSync } from 'node:fs';
import { releaseNotes } from './changelog.mjs';

const version = process.argv[2];
if (!version) {
  console.error('release-notes: give the version or tag, e.g. v1.2.3');
  process.exit(2);
}
try {
  process.stdout.write(`${releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), version)}\n`);
} catch (error) {
  console.error(`release-notes: ${error.message}`);
  process.exit(1);
}
