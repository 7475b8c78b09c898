// Writes a CycloneDX 1.5 SBOM (JSON) of what the three shipped bundles contain: the GitHub Action's, the Azure
// DevOps task's and the CLI's dist/. Each bundle is a component with its files and their SHA-256; each npm
// package the bundler put into it is a library component (purl, license), and `dependencies` says which bundle
// holds which. The release workflow attaches it to the GitHub release, with a build-provenance attestation.
//
// What was bundled is read from each bundle's dist/licenses.txt, which scripts/notices.mjs writes from the
// bundler's own stats at build time (scripts/test/notices.test.ts checks it against them) and which is
// committed with the bundle: so the SBOM describes the committed bundles, with no build needed. Packages of this
// repository (its notices say "Part of this repository") are the first-party code of the bundle component,
// not libraries.
//
// The output depends only on the committed files and the product version (no clock, no random serial number:
// the serial number is a name-based UUID of the content), so the same commit always gives the same SBOM.
//
// Usage: node scripts/bundle-sbom.mjs [--output FILE]   (default: standard output)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The shipped bundles, by package folder. */
export const BUNDLES = ['github-action', 'azure-task', 'cli'];
const OWN_MARKER = 'Part of this repository, under its LICENSE:';
const SEPARATOR = '\n\n-----\n\n';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The packages a bundle's licenses.txt names: [{ name, version, license, own }]. */
export function bundledPackages(bundle, dir = root) {
  const text = readFileSync(join(dir, 'packages', bundle, 'dist', 'licenses.txt'), 'utf8');
  const body = text.slice(text.indexOf('\n\n') + 2);
  return body.split(SEPARATOR).map((entry) => {
    const [heading, next] = entry.split('\n');
    const match = /^(\S+) (\S+) — (.+)$/.exec(heading ?? '');
    if (!match) throw new Error(`packages/${bundle}/dist/licenses.txt: unexpected heading "${heading}"`);
    return { name: match[1], version: match[2], license: match[3], own: next === OWN_MARKER };
  });
}

/** The Package URL of an npm package: the scope's @ is percent-encoded (purl spec, npm type). */
export function npmPurl(name, version) {
  const [scope, bare] = name.startsWith('@') ? name.split('/') : [undefined, name];
  return `pkg:npm/${scope ? `${encodeURIComponent(scope)}/` : ''}${encodeURIComponent(bare)}@${encodeURIComponent(version)}`;
}

/** A package.json `license`: an SPDX id, an SPDX expression, or a name CycloneDX can only quote. */
function licenseChoice(license) {
  if (/^[A-Za-z0-9.+-]+$/.test(license) && license !== 'UNLICENSED') return { license: { id: license } };
  if (/\b(AND|OR|WITH)\b/.test(license)) return { expression: license };
  return { license: { name: license } };
}

/** A UUID (RFC 9562 version 5 layout) named by the SHA-1 of `text`: the same content, the same serial. */
function nameBasedUuid(text) {
  const bytes = createHash('sha1').update(text).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The SBOM of the committed bundles under `dir` (the repository root), as a JSON-ready object. */
export function bundleSbom(dir = root) {
  const product = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const libraries = new Map();
  const bundles = [];
  const dependencies = [];
  for (const bundle of BUNDLES) {
    const manifest = JSON.parse(readFileSync(join(dir, 'packages', bundle, 'package.json'), 'utf8'));
    const distDir = join(dir, 'packages', bundle, 'dist');
    const bundleRef = `bundle:${bundle}`;
    const files = readdirSync(distDir)
      .filter((name) => /\.(c|m)?js$/.test(name))
      .sort()
      .map((name) => ({
        type: 'file',
        'bom-ref': `${bundleRef}/${name}`,
        name: `packages/${bundle}/dist/${name}`,
        hashes: [{ alg: 'SHA-256', content: sha256(readFileSync(join(distDir, name))) }],
      }));
    const packages = bundledPackages(bundle, dir);
    const own = packages.filter((p) => p.own).map((p) => `${p.name} ${p.version}`);
    bundles.push({
      type: 'application',
      'bom-ref': bundleRef,
      name: manifest.name,
      version: manifest.version,
      description: `packages/${bundle}/dist: ncc bundle${own.length ? ` (with ${own.join(', ')})` : ''}`,
      licenses: [licenseChoice(manifest.license ?? product.license)],
      components: files,
    });
    const refs = [];
    for (const pkg of packages.filter((p) => !p.own)) {
      const purl = npmPurl(pkg.name, pkg.version);
      if (!libraries.has(purl))
        libraries.set(purl, {
          type: 'library',
          'bom-ref': purl,
          name: pkg.name,
          version: pkg.version,
          licenses: [licenseChoice(pkg.license)],
          purl,
        });
      refs.push(purl);
    }
    dependencies.push({ ref: bundleRef, dependsOn: [...new Set(refs)].sort() });
  }
  const productRef = `${product.name}@${product.version}`;
  const sbom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: '',
    version: 1,
    metadata: {
      tools: {
        components: [{ type: 'application', name: 'scripts/bundle-sbom.mjs', version: product.version }],
      },
      component: {
        type: 'application',
        'bom-ref': productRef,
        name: product.name,
        version: product.version,
        description: product.description,
        licenses: [licenseChoice(product.license)],
        externalReferences: [{ type: 'vcs', url: product.repository.url.replace(/^git\+/, '') }],
      },
    },
    components: [...bundles, ...[...libraries.values()].sort((a, b) => a.purl.localeCompare(b.purl))],
    dependencies: [{ ref: productRef, dependsOn: bundles.map((b) => b['bom-ref']) }, ...dependencies],
  };
  sbom.serialNumber = `urn:uuid:${nameBasedUuid(JSON.stringify(sbom))}`;
  return sbom;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outputAt = args.indexOf('--output');
  const output = outputAt >= 0 ? args[outputAt + 1] : undefined;
  if (outputAt >= 0 && !output) {
    console.error('bundle-sbom: --output needs a file name');
    process.exit(2);
  }
  const text = `${JSON.stringify(bundleSbom(), null, 2)}\n`;
  if (!output) process.stdout.write(text);
  else {
    writeFileSync(output, text);
    const sbom = JSON.parse(text);
    const libraries = sbom.components.filter((c) => c.type === 'library').length;
    console.error(
      `bundle-sbom: ${output}: CycloneDX ${sbom.specVersion}, ${BUNDLES.length} bundles, ${libraries} bundled packages`,
    );
  }
}
