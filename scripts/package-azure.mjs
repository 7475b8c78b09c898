// Builds the Azure DevOps extension (.vsix) from the committed bundle, offline.
//
// The task ships as a folder of its own inside the extension, so the repository layout (task.json at the root,
// the bundle in packages/azure-task/dist/) is restaged first: .staging/azure-extension/ gets the manifest,
// overview, icon and screenshot, and a task folder with task.json (its execution targets rewritten to the staged
// bundle), the bundle and the task's icon. tfx-cli then packs that folder.
//
// Two icons: the extension's is images/icon.png (128×128, the Marketplace page); the task's is the icon.png
// next to its task.json, which the pipeline editor's task list shows at 32×32, staged from images/task-icon.png
// (a 32×32 rendering of the same picture).
//
// The Marketplace publisher is one setting, the AZURE_PUBLISHER environment variable (the release workflow
// takes it from the repository variable of that name); without it the extension is built for a placeholder
// publisher, which is fine to check the packaging and says so, but cannot be uploaded.
//
// Usage: [AZURE_PUBLISHER=<id>] pnpm package:azure (any extra argument goes to `tfx extension create`)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE_DIR = 'packages/azure-task/dist';
const STAGED_BUNDLE_DIR = 'dist';
const staging = join(root, '.staging', 'azure-extension');
const output = join(root, '.staging', 'vsix');

const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const fail = (message) => {
  console.error(`package:azure: ${message}`);
  process.exit(1);
};

const PLACEHOLDER_PUBLISHER = 'placeholder-publisher';
const manifest = readJson('vss-extension.json');
const publisher = process.env.AZURE_PUBLISHER?.trim() || PLACEHOLDER_PUBLISHER;
if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(publisher))
  fail(`AZURE_PUBLISHER "${publisher}" is not a Marketplace publisher ID (letters, digits and hyphens)`);
if (publisher === PLACEHOLDER_PUBLISHER)
  console.log(
    `package:azure: AZURE_PUBLISHER is not set: building for the placeholder publisher "${publisher}"`,
  );
const task = readJson('task.json');
const taskFolders = manifest.contributions
  .filter((c) => c.type === 'ms.vss-distributed-task.task')
  .map((c) => c.properties.name);
if (taskFolders.length !== 1)
  fail(`vss-extension.json must contribute exactly one task, not ${taskFolders.length}`);
const taskFolder = taskFolders[0];
for (const [handler, spec] of Object.entries(task.execution)) {
  if (!existsSync(join(root, spec.target)))
    fail(`${handler} target ${spec.target} is missing: run pnpm build first`);
}

/** The agent runs the handler's target relative to the task folder, where the bundle sits in dist/. */
function stagedTarget(target) {
  const inBundle = relative(BUNDLE_DIR, target).split('\\').join('/');
  if (inBundle.startsWith('..')) fail(`task.json execution target "${target}" is not inside ${BUNDLE_DIR}/`);
  return `${STAGED_BUNDLE_DIR}/${inBundle}`;
}

rmSync(staging, { recursive: true, force: true });
const taskDir = join(staging, taskFolder);
mkdirSync(taskDir, { recursive: true });

const execution = Object.fromEntries(
  Object.entries(task.execution).map(([handler, spec]) => [
    handler,
    { ...spec, target: stagedTarget(spec.target) },
  ]),
);
writeFileSync(join(taskDir, 'task.json'), `${JSON.stringify({ ...task, execution }, null, 2)}\n`);
cpSync(join(root, BUNDLE_DIR), join(taskDir, STAGED_BUNDLE_DIR), { recursive: true });
cpSync(join(root, 'images', 'task-icon.png'), join(taskDir, 'icon.png'));
writeFileSync(
  join(staging, 'vss-extension.json'),
  `${JSON.stringify({ ...manifest, publisher }, null, 2)}\n`,
);
const pictures = [manifest.icons.default, ...(manifest.screenshots ?? []).map((shot) => shot.path)];
for (const file of ['overview.md', 'LICENSE', ...pictures]) {
  cpSync(join(root, file), join(staging, file), { recursive: true });
}
for (const [handler, spec] of Object.entries(execution)) {
  if (!existsSync(join(taskDir, spec.target)))
    fail(`${handler} target ${spec.target} is missing from the staged task`);
}

mkdirSync(output, { recursive: true });
for (const old of readdirSync(output)) if (old.endsWith('.vsix')) rmSync(join(output, old));
// tfx-cli is a devDependency of the task package; run its bin with this Node rather than through a `pnpm`
// on PATH, which a clean CI machine (pnpm through npx) does not have.
const tfxPackage = createRequire(join(root, 'packages/azure-task/package.json')).resolve(
  'tfx-cli/package.json',
);
// `pnpm package:azure -- --x` hands the `--` on; tfx would read it as the end of its options.
const tfxArguments = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const tfx = join(dirname(tfxPackage), JSON.parse(readFileSync(tfxPackage, 'utf8')).bin.tfx);
execFileSync(
  process.execPath,
  [
    tfx,
    'extension',
    'create',
    '--manifest-globs',
    'vss-extension.json',
    '--root',
    staging,
    '--output-path',
    output,
    '--no-prompt',
    ...tfxArguments,
  ],
  { cwd: root, stdio: 'inherit' },
);
const built = readdirSync(output).filter((name) => name.endsWith('.vsix'));
if (built.length !== 1) fail(`expected one .vsix in ${relative(root, output)}, found ${built.length}`);
console.log(`package:azure: ${relative(root, join(output, built[0]))} (publisher ${publisher})`);
