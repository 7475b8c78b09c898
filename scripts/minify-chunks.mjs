// ncc --minify minifies a bundle's entry file but not the chunks it splits off for `import()` (the GitHub
// Action's Octokit chunk, loaded only for the environment lookup). This minifies those too, so every bundle
// stays under 1 MB. Usage: node scripts/minify-chunks.mjs DIST_DIRECTORY
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/minify-chunks.mjs DIST_DIRECTORY');
for (const file of readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const path = join(dir, file);
  const result = await minify(readFileSync(path, 'utf8'), {
    module: true,
    ecma: 2022,
    // Licences are in licenses.txt beside the bundle, as for the entry file.
    format: { comments: false },
  });
  writeFileSync(path, result.code);
}
