// Checks the user-facing Markdown (README.md, overview.md, CONTRIBUTING.md, the pull-request template,
// docs/*.md), as part of `lint`:
// - every relative link points at a file that exists, and a `#fragment` at a heading of that file (GitHub's
//   anchor rules: https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#section-links);
// - every command in code runs on a machine with only Node.js and npm, in a non-interactive shell: pnpm only
//   as `npx --yes pnpm@<the version package.json pins>` (a bare `pnpm` is not installed; `npx` without `--yes`
//   prompts, or fails without a terminal);
// - the README stays a front page (at most 10 KB).
// Exits 1 listing every problem as file:line: message.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README_LIMIT = 10 * 1024;
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

const files = [
  'README.md',
  'overview.md',
  'CONTRIBUTING.md',
  '.github/pull_request_template.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const problems = [];
const report = (file, line, message) => problems.push(`${file}:${line}: ${message}`);

/** Each line with whether it sits inside a fenced code block (the fence lines themselves count as code). */
function classify(text) {
  let fenced = false;
  return text.split('\n').map((line) => {
    const isFence = /^\s*(```|~~~)/.test(line);
    const inCode = fenced || isFence;
    if (isFence) fenced = !fenced;
    return { line, inCode };
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const { line, inCode } of classify(text)) {
    const heading = !inCode && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .replace(/<[^>]*>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map();
function anchorsOfFile(path) {
  if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, 'utf8')));
  return anchorCache.get(path);
}

function checkLink(file, lineNumber, target) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return; // https:, mailto: …: not ours to check offline
  const [pathPart, fragment] = target.split('#');
  const path = pathPart ? resolve(dirname(join(root, file)), decodeURIComponent(pathPart)) : join(root, file);
  if (!existsSync(path)) {
    report(file, lineNumber, `link "${target}": ${relative(root, path)} does not exist`);
    return;
  }
  if (fragment !== undefined && statSync(path).isFile() && path.endsWith('.md')) {
    if (!anchorsOfFile(path).has(fragment))
      report(file, lineNumber, `link "${target}": ${relative(root, path)} has no heading #${fragment}`);
  }
}

function checkCommands(file, lineNumber, code) {
  if (/(^|[^\w@/.-])pnpm\s+[a-z]/.test(code))
    report(file, lineNumber, `a bare pnpm command; write npx --yes pnpm@${pnpmVersion} …: ${code.trim()}`);
  if (/\bnpx\s+(?!--yes\b)/.test(code))
    report(file, lineNumber, `npx without --yes prompts in a non-interactive shell: ${code.trim()}`);
  for (const [, version] of code.matchAll(/\bpnpm@([^\s`]+)/g)) {
    if (version !== pnpmVersion)
      report(file, lineNumber, `pnpm@${version}, but package.json pins pnpm@${pnpmVersion}`);
  }
}

for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  classify(text).forEach(({ line, inCode }, index) => {
    const lineNumber = index + 1;
    if (inCode) {
      checkCommands(file, lineNumber, line);
      return;
    }
    const codeSpans = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const span of codeSpans) checkCommands(file, lineNumber, span);
    const prose = line.replace(/`[^`]+`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      checkLink(file, lineNumber, target);
  });
}

const readmeBytes = statSync(join(root, 'README.md')).size;
if (readmeBytes > README_LIMIT)
  report(
    'README.md',
    1,
    `${readmeBytes} bytes; the front page stays within ${README_LIMIT}: move detail to docs/`,
  );

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`check-docs: ${files.length} files, links and commands fine; README.md ${readmeBytes} bytes.`);
