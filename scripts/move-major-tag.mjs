// Points the major tag (v1) at a release tag (v1.2.3), so `uses: OWNER/proget-deployments@v1` gets the
// newest 1.x, as GitHub recommends for actions
// (https://docs.github.com/en/actions/sharing-automations/creating-actions/about-custom-actions#using-tags-for-release-management).
// Leaves it where it is for a pre-release (v1.3.0-rc.1) and for a patch to an older line (v1.1.5 after
// v1.2.0 exists). Run in the repository; `--push` also force-pushes the major tag to origin.
//
// Usage: node scripts/move-major-tag.mjs v1.2.3 [--push]
import { execFileSync } from 'node:child_process';

const RELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PRERELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)-[0-9A-Za-z.-]+$/;

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const fail = (message) => {
  console.error(`move-major-tag: ${message}`);
  process.exit(1);
};
const numbers = (tag) => RELEASE_TAG.exec(tag).slice(1, 4).map(Number);
const newer = (a, b) => {
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

const tag = process.argv[2] ?? '';
const push = process.argv.includes('--push');
if (PRERELEASE_TAG.test(tag)) {
  console.log(`move-major-tag: ${tag} is a pre-release; the major tag stays where it is`);
  process.exit(0);
}
if (!RELEASE_TAG.test(tag)) fail(`"${tag}" is not a release tag like v1.2.3`);

const major = `v${numbers(tag)[0]}`;
let commit;
try {
  commit = git('rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`);
} catch {
  fail(`tag ${tag} does not exist here (fetch tags first)`);
}
const newest = git('tag', '--list', `${major}.*`)
  .split('\n')
  .filter((t) => RELEASE_TAG.test(t))
  .reduce((best, t) => (newer(t, best) ? t : best), tag);
if (newest !== tag) {
  console.log(`move-major-tag: ${major} stays with ${newest}, which is newer than ${tag}`);
  process.exit(0);
}

git('tag', '--force', major, commit);
if (push) git('push', '--force', 'origin', `refs/tags/${major}`);
console.log(`move-major-tag: ${major} → ${tag} (${commit.slice(0, 7)})${push ? ', pushed to origin' : ''}`);
