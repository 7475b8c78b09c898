// `pnpm check:versions`: fails, naming each file, when a manifest's version is not the product version
// (root package.json). Fix with `pnpm release:version <version>`.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productVersion, versionMismatches } from './product.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const version = productVersion(root);
const mismatches = versionMismatches(root, version);
if (mismatches.length > 0) {
  for (const { path, found } of mismatches)
    console.error(
      `check:versions: ${path} has version ${found ?? '(none)'}, the product version is ${version}`,
    );
  console.error(`Run pnpm release:version ${version} to stamp every manifest.`);
  process.exit(1);
}
console.log(`check:versions: every manifest is at ${version}`);
