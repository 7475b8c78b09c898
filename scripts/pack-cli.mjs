// The npm package `proget-deploy` as users get it: packages/cli's committed bundle, README and the product's
// LICENSE, with a manifest that carries nothing of the workspace (no devDependencies, no scripts). Staged in
// .staging/cli and packed there, so packages/cli's own package.json may declare the workspace packages it is
// built from. Prints the tarball's path.
//   node scripts/pack-cli.mjs [--destination DIR]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'cli');
const at = process.argv.indexOf('--destination');
const destination = resolve(at === -1 ? join(root, '.staging') : process.argv[at + 1]);
const stage = join(root, '.staging', 'cli');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
mkdirSync(destination, { recursive: true });
const manifest = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8'));
delete manifest.devDependencies;
delete manifest.scripts;
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
cpSync(join(cli, 'dist'), join(stage, 'dist'), { recursive: true });
cpSync(join(cli, 'README.md'), join(stage, 'README.md'));
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
  cwd: stage,
  encoding: 'utf8',
});
console.log(join(destination, JSON.parse(packed)[0].filename));
