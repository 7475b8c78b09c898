// Writes a bundle's dist/licenses.txt: the license of every package the bundler put into it. Run by each
// bundled package's build right after ncc, from the webpack stats ncc wrote (--stats-out).
//
// Why not ncc's own --license: webpack concatenates ES modules into their importer, and ncc's notice
// generator sees only the outer module, so ESM packages (@actions/core, undici's importers…) went missing.
// The stats list the modules inside each concatenation too; each module belongs to the package whose
// package.json is nearest above it.
//
// Usage: node ../../scripts/notices.mjs <package folder name>   (e.g. github-action)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.argv[2];
const packageDir = join(root, 'packages', bundle);
const statsPath = join(packageDir, 'lib', 'ncc-stats.json');

/** Every module's file in the stats, concatenated modules' parts included. */
function moduleFiles(modules, files = new Set()) {
  for (const module of modules ?? []) {
    if (module.nameForCondition?.startsWith('/') || /^[A-Za-z]:\\/.test(module.nameForCondition ?? ''))
      files.add(module.nameForCondition);
    moduleFiles(module.modules, files);
  }
  return files;
}

/** The directory of the nearest package.json above `file` that names a package. */
const owners = new Map();
function owningPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (owners.has(dir)) return owners.get(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) {
      owners.set(dir, dir);
      return dir;
    }
  }
  throw new Error(`no package.json above ${file}`);
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
const packages = [...new Set([...moduleFiles(stats.modules)].map(owningPackage))]
  .filter((dir) => dir !== packageDir) // the adapter itself: this repository's LICENSE
  .map((dir) => ({ dir, ...JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .sort((a, b) => a.name.localeCompare(b.name));

const entries = packages.map(({ dir, name, version, license }) => {
  const own = dir.startsWith(join(root, 'packages'));
  const text = licenseText(dir) ?? (own ? licenseText(root) : undefined);
  return [
    `${name} ${version} — ${license ?? 'UNLICENSED'}`,
    own ? 'Part of this repository, under its LICENSE:' : '',
    text || `(the package ships no license file; its package.json says ${license})`,
  ]
    .filter(Boolean)
    .join('\n');
});
writeFileSync(
  join(packageDir, 'dist', 'licenses.txt'),
  `Third-party software bundled into this directory's JavaScript, one entry per package:\n\n${entries.join('\n\n-----\n\n')}\n`,
);
console.log(`notices: ${packages.length} bundled packages in packages/${bundle}/dist/licenses.txt`);
