// Every bundle's licenses.txt names every package the bundler put into it. What was bundled is read from
// the webpack stats the build keeps (packages/<name>/lib/ncc-stats.json, written by the same `pnpm build`
// that wrote dist/, which check:dist compares with the sources), here by module path rather than by the
// nearest package.json as scripts/notices.mjs does, so the two derivations check each other.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUNDLES = ['github-action', 'azure-task', 'cli'];

interface StatsModule {
  nameForCondition?: string;
  modules?: StatsModule[];
}

/** `…/node_modules/@scope/name/…` or `…/packages/<dir>/…` → the package name. */
function packageOf(file: string): string {
  const parts = file.split(sep);
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) return parts[nm + 1]!.startsWith('@') ? `${parts[nm + 1]}/${parts[nm + 2]}` : parts[nm + 1]!;
  const inPackages = file.slice(join(ROOT, 'packages').length + 1).split(sep)[0]!;
  return JSON.parse(readFileSync(join(ROOT, 'packages', inPackages, 'package.json'), 'utf8')).name;
}

function bundledPackages(bundle: string): string[] {
  const statsFile = join(ROOT, 'packages', bundle, 'lib', 'ncc-stats.json');
  if (!existsSync(statsFile)) throw new Error(`${statsFile} is missing: run pnpm build first`);
  const names = new Set<string>();
  const walk = (modules: StatsModule[] = []) => {
    for (const module of modules) {
      if (module.nameForCondition?.startsWith(ROOT)) names.add(packageOf(module.nameForCondition));
      walk(module.modules);
    }
  };
  walk(JSON.parse(readFileSync(statsFile, 'utf8')).modules);
  const own = JSON.parse(readFileSync(join(ROOT, 'packages', bundle, 'package.json'), 'utf8')).name;
  names.delete(own);
  return [...names].sort();
}

function notices(bundle: string): Array<{ name: string; license: string; text: string }> {
  const text = readFileSync(join(ROOT, 'packages', bundle, 'dist', 'licenses.txt'), 'utf8');
  return text
    .split('\n\n-----\n\n')
    .map((entry) => entry.replace(/^Third-party software[^\n]*\n\n/, ''))
    .map((entry) => {
      const [heading, ...body] = entry.split('\n');
      const match = /^(\S+) \S+ — (.+)$/.exec(heading!);
      if (!match) throw new Error(`unexpected notice heading "${heading}" in ${bundle}`);
      return { name: match[1]!, license: match[2]!, text: body.join('\n') };
    });
}

describe.each(BUNDLES)('packages/%s/dist/licenses.txt', (bundle) => {
  it('names every package the bundler included, and nothing else', () => {
    const named = [...new Set(notices(bundle).map((n) => n.name))].sort();
    expect(named).toEqual(bundledPackages(bundle));
  });

  it("carries each package's license text", () => {
    for (const notice of notices(bundle)) {
      expect({ name: notice.name, hasText: /copyright|permission|licen[cs]e/i.test(notice.text) }).toEqual({
        name: notice.name,
        hasText: true,
      });
    }
  });
});

it('the action notices include the ES modules webpack concatenates, as @actions/core and undici', () => {
  expect(notices('github-action').map((n) => n.name)).toEqual(
    expect.arrayContaining(['@actions/core', 'undici']),
  );
});
