// scripts/bundle-sbom.mjs: the CycloneDX SBOM attached to each release says exactly what the committed bundles
// contain: every third-party package their licenses.txt names (itself checked against the bundler's stats by
// notices.test.ts), each bundle's files with their SHA-256, and which bundle holds which package.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUNDLES = ['github-action', 'azure-task', 'cli'];

interface Component {
  type: string;
  'bom-ref': string;
  name: string;
  version?: string;
  purl?: string;
  licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
  hashes?: Array<{ alg: string; content: string }>;
  components?: Component[];
}
interface Sbom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: { component: Component; tools: { components: Component[] } };
  components: Component[];
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-sbom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** The third-party packages a bundle's licenses.txt names, as `name@version` with their license. */
function thirdParty(bundle: string): Map<string, string> {
  const text = readFileSync(join(ROOT, 'packages', bundle, 'dist', 'licenses.txt'), 'utf8');
  const found = new Map<string, string>();
  for (const entry of text.split('\n\n-----\n\n')) {
    const lines = entry.replace(/^Third-party software[^\n]*\n\n/, '').split('\n');
    const [, name, version, license] = /^(\S+) (\S+) — (.+)$/.exec(lines[0]!)!;
    if (lines[1] !== 'Part of this repository, under its LICENSE:') found.set(`${name}@${version}`, license!);
  }
  return found;
}

const result = run();
const sbom = JSON.parse(result.stdout) as Sbom;
const libraries = sbom.components.filter((c) => c.type === 'library');
const bundles = sbom.components.filter((c) => c.type === 'application');

describe('bundle-sbom', () => {
  it('prints a CycloneDX 1.5 document for the product', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(sbom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const product = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(sbom.metadata.component).toMatchObject({
      type: 'application',
      name: product.name,
      version: product.version,
      licenses: [{ license: { id: 'MIT' } }],
    });
  });

  it('lists every third-party package the bundles hold, with its purl and license, and nothing else', () => {
    const expected = new Map(BUNDLES.flatMap((bundle) => [...thirdParty(bundle)]));
    expect(libraries.map((l) => `${l.name}@${l.version}`).sort()).toEqual([...expected.keys()].sort());
    for (const library of libraries) {
      const [scope, name] = library.name.startsWith('@') ? library.name.split('/') : ['', library.name];
      expect(library.purl).toBe(
        `pkg:npm/${scope ? `${scope.replace('@', '%40')}/` : ''}${name}@${library.version}`,
      );
      expect(library['bom-ref']).toBe(library.purl);
      expect(library.licenses).toEqual([
        { license: { id: expected.get(`${library.name}@${library.version}`) } },
      ]);
    }
    // The repository's own packages are the bundles' first-party code, not libraries.
    expect(libraries.map((l) => l.name)).not.toContain('@proget-deploy/core');
    expect(libraries.map((l) => l.name)).toEqual(
      expect.arrayContaining(['undici', '@actions/core', 'azure-pipelines-task-lib']),
    );
  });

  it("says which bundle holds which package, and each bundle's files with their SHA-256", () => {
    expect(bundles.map((b) => b.name)).toEqual(
      BUNDLES.map((b) => JSON.parse(readFileSync(join(ROOT, 'packages', b, 'package.json'), 'utf8')).name),
    );
    for (const bundle of BUNDLES) {
      const component = bundles.find((b) => b['bom-ref'] === `bundle:${bundle}`)!;
      const dist = join(ROOT, 'packages', bundle, 'dist');
      const files = readdirSync(dist)
        .filter((name) => /\.c?js$/.test(name))
        .sort();
      expect(component.components!.map((f) => f.name)).toEqual(
        files.map((f) => `packages/${bundle}/dist/${f}`),
      );
      for (const [i, file] of files.entries()) {
        const digest = createHash('sha256')
          .update(readFileSync(join(dist, file)))
          .digest('hex');
        expect(component.components![i]!.hashes).toEqual([{ alg: 'SHA-256', content: digest }]);
      }
      const holds = sbom.dependencies.find((d) => d.ref === `bundle:${bundle}`)!.dependsOn;
      const expected = [...thirdParty(bundle).keys()].map(
        (id) => libraries.find((l) => `${l.name}@${l.version}` === id)!.purl,
      );
      expect(holds).toEqual([...new Set(expected)].sort());
    }
  });

  it('has unique references, and every dependency names a component', () => {
    const refs = [
      sbom.metadata.component['bom-ref'],
      ...sbom.components.flatMap((c) => [c['bom-ref'], ...(c.components ?? []).map((f) => f['bom-ref'])]),
    ];
    expect(new Set(refs).size).toBe(refs.length);
    for (const dependency of sbom.dependencies)
      for (const ref of [dependency.ref, ...dependency.dependsOn]) expect(refs).toContain(ref);
    expect(sbom.dependencies[0]).toEqual({
      ref: sbom.metadata.component['bom-ref'],
      dependsOn: BUNDLES.map((b) => `bundle:${b}`),
    });
  });

  it('is the same on every run (no clock, no random serial), and writes a file with --output', () => {
    expect(run().stdout).toBe(result.stdout);
    const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    try {
      const file = join(dir, 'bundles.cdx.json');
      const written = run('--output', file);
      expect(written.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(result.stdout);
      expect(written.stderr).toBe(
        `bundle-sbom: ${file}: CycloneDX 1.5, 3 bundles, ${libraries.length} bundled packages\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
