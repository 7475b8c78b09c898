// The product's version lives in one place, the root package.json's `version`; every manifest that ships
// carries a copy: each package's package.json, task.json's `version` {Major, Minor, Patch} (the agent
// updates a task when that grows), vss-extension.json's `version` (the Marketplace refuses a repeated one)
// and the CLI's `--version`. This module reads and writes those copies, editing only the version text so
// each file keeps its formatting.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/** The root package.json's version: the product's. */
export function productVersion(root) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/** A `"version": "…"` string field at the top of a JSON file (package.json, vss-extension.json). */
function jsonVersionField(path) {
  return {
    path,
    read: (text) => JSON.parse(text).version,
    write: (text, version) => text.replace(/^(\s*"version"\s*:\s*)"[^"]*"/m, `$1"${version}"`),
  };
}

/** task.json's version object. The agent compares numbers: a pre-release suffix cannot be expressed. */
const taskJson = {
  path: 'task.json',
  read: (text) => {
    const { Major, Minor, Patch } = JSON.parse(text).version;
    return `${Major}.${Minor}.${Patch}`;
  },
  write: (text, version) => {
    const [major, minor, patch] = version.split('-')[0].split('.');
    return text.replace(/"version"\s*:\s*\{[^}]*\}/, (block) =>
      block
        .replace(/("Major"\s*:\s*)\d+/, `$1${major}`)
        .replace(/("Minor"\s*:\s*)\d+/, `$1${minor}`)
        .replace(/("Patch"\s*:\s*)\d+/, `$1${patch}`),
    );
  },
};

/** The CLI's `--version`: its bundle ships without a package.json to read it from. */
const cliVersion = {
  path: 'packages/cli/src/version.ts',
  read: (text) => /CLI_VERSION = '([^']*)'/.exec(text)?.[1],
  write: (text, version) => text.replace(/(CLI_VERSION = ')[^']*'/, `$1${version}'`),
};

/** Every copy of the version, by path relative to the repository root. */
function versionCopies(root) {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => jsonVersionField(`packages/${entry.name}/package.json`));
  return [...packages, taskJson, jsonVersionField('vss-extension.json'), cliVersion];
}

/** The copies that differ from `expected`: [{ path, found }]. */
export function versionMismatches(root, expected = productVersion(root)) {
  return versionCopies(root)
    .map((copy) => ({ path: copy.path, found: copy.read(readFileSync(join(root, copy.path), 'utf8')) }))
    .filter(({ path, found }) => found !== (path === 'task.json' ? expected.split('-')[0] : expected));
}

/** Writes `version` into the root package.json and every copy; returns the paths it changed. */
export function stampVersion(root, version) {
  const changed = [];
  for (const copy of [jsonVersionField('package.json'), ...versionCopies(root)]) {
    const path = join(root, copy.path);
    const before = readFileSync(path, 'utf8');
    const after = copy.write(before, version);
    if (copy.read(after) !== (copy === taskJson ? version.split('-')[0] : version))
      throw new Error(`${copy.path}: could not find its version to stamp`);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(copy.path);
    }
  }
  return changed;
}

/** The product's GitHub repository, `owner/name`, from the root package.json's `repository.url`. */
export function productRepository(root) {
  const url = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).repository?.url ?? '';
  return /github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url)?.[1];
}

/** The links to the repository in the shipped manifests that do not point at `repository`: [{ path, found }]. */
export function repositoryMismatches(root, repository = productRepository(root)) {
  const home = `https://github.com/${repository}`;
  const read = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const cli = read('packages/cli/package.json');
  const extension = read('vss-extension.json');
  const task = read('task.json');
  /** The GitHub links of a text: the task's help and release notes (the pipeline editor shows them), the
   * Marketplace page. */
  const githubLinks = (text) =>
    [...(text ?? '').matchAll(/https:\/\/github\.com\/[^\s)]+/g)].map((m) => m[0]);
  const taskLinks = [task.helpMarkDown, task.releaseNotes].flatMap(githubLinks);
  const overviewLinks = githubLinks(readFileSync(join(root, extension.content.details.path), 'utf8'));
  const links = [
    ['packages/cli/package.json', cli.repository?.url, (url) => url === `git+${home}.git`],
    ['packages/cli/package.json', cli.homepage, (url) => url?.startsWith(`${home}/`)],
    ['packages/cli/package.json', cli.bugs?.url, (url) => url === `${home}/issues`],
    ['vss-extension.json', extension.repository?.uri, (url) => url === home],
    ...Object.values(extension.links ?? {}).map((link) => [
      'vss-extension.json',
      link.uri,
      (url) => url === home || url?.startsWith(`${home}/`),
    ]),
    ...taskLinks.map((url) => ['task.json', url, (found) => found.startsWith(`${home}/`)]),
    ...overviewLinks.map((url) => [
      extension.content.details.path,
      url,
      (found) => found.startsWith(`${home}/`),
    ]),
  ];
  return links.filter(([, found, ok]) => !ok(found)).map(([path, found]) => ({ path, found }));
}
