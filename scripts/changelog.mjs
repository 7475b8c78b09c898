// CHANGELOG.md in the Keep a Changelog format (https://keepachangelog.com/en/1.1.0/): `## [Unreleased]`
// collects what changed since the last release; releasing X.Y.Z renames it `## [X.Y.Z] - date` under a new,
// empty Unreleased; the GitHub release's notes are that section's text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `## [heading]` section: its position and body (up to the next `## ` or the link references). */
function section(text, heading) {
  const start = new RegExp(`^## \\[${escape(heading)}\\][^\\n]*\\n`, 'm').exec(text);
  if (!start) return undefined;
  const bodyStart = start.index + start[0].length;
  const rest = text.slice(bodyStart);
  const end = /^(## |\[[^\]]+\]:\s)/m.exec(rest);
  const bodyEnd = bodyStart + (end ? end.index : rest.length);
  return { start: start.index, bodyStart, bodyEnd, body: text.slice(bodyStart, bodyEnd).trim() };
}

/** The release notes of `version` (a leading `v` is ignored). Throws with a one-line reason. */
export function releaseNotes(text, version) {
  const bare = version.replace(/^v/, '');
  const found = section(text, bare);
  if (!found) throw new Error(`CHANGELOG.md has no "## [${bare}]" section`);
  if (!found.body) throw new Error(`CHANGELOG.md's "## [${bare}]" section is empty`);
  return found.body;
}

/**
 * Turns the Unreleased section into `version`'s, dated `date`, under a new empty Unreleased. Returns false
 * when CHANGELOG.md already has that version; throws when there is nothing unreleased to release.
 */
export function releaseChangelog(root, version, date) {
  const path = join(root, 'CHANGELOG.md');
  const text = readFileSync(path, 'utf8');
  if (section(text, version)) return false;
  const unreleased = section(text, 'Unreleased');
  if (!unreleased) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  if (!unreleased.body)
    throw new Error(`CHANGELOG.md's Unreleased section is empty: say what ${version} changes`);
  const released = `## [Unreleased]\n\n## [${version}] - ${date}\n\n`;
  writeFileSync(
    path,
    text.slice(0, unreleased.start) + released + text.slice(unreleased.bodyStart).trimStart(),
  );
  return true;
}
