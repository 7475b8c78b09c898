// Minifies every file of a bundle (the entry and the chunks ncc splits off for `import()`), after ncc: ncc's own
// --minify only mangles the entry. A cold start compiles every byte of the entry, so it is made small and
// ASCII-only: compressed (dead code dropped) as well as mangled, and every other character escaped, which
// keeps the source a one-byte string for V8 (a single non-ASCII character makes the whole file two-byte, and
// slower to scan). Class and function names are kept, as ncc keeps them: errors and dependencies read them.
// Licences are in licenses.txt beside the bundle, so comments go. Usage: node scripts/minify-bundle.mjs DIST
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/minify-bundle.mjs DIST_DIRECTORY');
const esm = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module';
for (const file of readdirSync(dir).filter((f) => /\.c?js$/.test(f))) {
  const path = join(dir, file);
  const names = { keep_classnames: true, keep_fnames: true };
  const result = await minify(readFileSync(path, 'utf8'), {
    module: esm,
    ecma: 2022,
    compress: { ...names, passes: 2 },
    mangle: names,
    format: { comments: false, ascii_only: true },
  });
  writeFileSync(path, result.code);
}
