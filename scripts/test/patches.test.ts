// The dependency patches (patches/, pnpm-workspace.yaml patchedDependencies; docs/development.md says why each
// exists and where upstream stands): each is checked to apply, and to still matter — when upstream makes one
// needless, a test here fails and says so, and the patch goes. pnpm itself refuses to install a patch that no
// longer applies to a version in its range.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUNDLES = ['github-action', 'azure-task', 'cli'];

/** The installed copy of a dependency, as the package that uses it resolves it. */
const installed = (user: string, name: string) =>
  realpathSync(join(ROOT, 'packages', user, 'node_modules', name));

/** Runs a script in a fresh Node (ESM unless told), from the package that uses the dependency; its stdout. */
function node(user: string, script: string, type: 'module' | 'commonjs' = 'module'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], {
    cwd: join(ROOT, 'packages', user),
    encoding: 'utf8',
  });
}

/** Every module file a bundle holds: the modules of its chunks, those concatenated into them included. */
function bundled(bundle: string): string[] {
  const statsFile = join(ROOT, 'packages', bundle, 'lib', 'ncc-stats.json');
  if (!existsSync(statsFile)) throw new Error(`${statsFile} is missing: run pnpm build first`);
  type Module = { chunks: unknown[]; nameForCondition?: string; modules?: Module[] };
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules: Module[] };
  return stats.modules
    .filter((m) => m.chunks.length > 0)
    .flatMap((m) => [m, ...(m.modules ?? [])])
    .map((m) => m.nameForCondition ?? '');
}

describe("undici's ES module face (patches/undici@7.patch)", () => {
  const undici = installed('core', 'undici');

  it('applies: an import finds index.mjs, which exports what index.js exports, the very same values', () => {
    const manifest = JSON.parse(readFileSync(join(undici, 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toMatchObject({ import: './index.mjs', default: './index.js' });
    expect(manifest.sideEffects).toEqual(['./index.mjs']);
    const differences = node(
      'core',
      `import * as face from 'undici'; import { createRequire } from 'node:module';
       const cjs = createRequire(import.meta.url)('undici');
       const names = new Set([...Object.keys(cjs), ...Object.keys(face).filter((n) => n !== 'default')]);
       console.log(JSON.stringify([...names].filter((n) => face[n] !== cjs[n])));`,
    );
    expect(JSON.parse(differences)).toEqual([]);
  });

  it('matters: undici’s own entry loads fetch, WebSocket, the cache and the mock agent with the dispatchers', () => {
    const loaded = node(
      'core',
      `require('undici'); console.log(JSON.stringify(Object.keys(require.cache)));`,
      'commonjs',
    );
    for (const part of [
      'web/fetch/index.js',
      'web/websocket/websocket.js',
      'mock/mock-agent.js',
      'web/cache/cache.js',
    ])
      expect(loaded).toContain(part);
  });

  it('works: no bundle holds undici’s entry, fetch’s public face, WebSocket, EventSource, the cache or the mock agent', () => {
    const unwanted =
      /undici\/(index\.js|lib\/(mock|web\/websocket|web\/eventsource|web\/cache|interceptor|cache)\/)/;
    for (const bundle of BUNDLES) expect(bundled(bundle).filter((file) => unwanted.test(file))).toEqual([]);
  });

  it('applies: a bundle loads HTTP/2 on the first HTTP/2 connection, not with undici’s client', () => {
    const listLoaded = `process.on('exit', () => console.error(JSON.stringify(process.moduleLoadList)))`;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(listLoaded)}`,
        'packages/cli/dist/index.js',
        '--version',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const loaded = JSON.parse(run.stderr) as string[];
    // The client is there (undici loads node:http and node:net with it)…
    expect(loaded).toContain('NativeModule net');
    // …and node:http2 is not.
    expect(loaded).not.toContain('NativeModule http2');
  });
});

describe('@actions/core without side effects (patches/@actions__core@3.patch)', () => {
  const core = installed('github-action', '@actions/core');

  it('applies, once: package.json says the package has no side effects', () => {
    const manifest = readFileSync(join(core, 'package.json'), 'utf8');
    // A second "sideEffects" would mean upstream added its own: then the patch is needless.
    expect(manifest.match(/"sideEffects"/g)).toHaveLength(1);
    expect(JSON.parse(manifest).sideEffects).toBe(false);
  });

  it('matters: core.js still imports the OIDC client (HTTP client, proxy tunnel) and the platform module (exec)', () => {
    const source = readFileSync(join(core, 'lib', 'core.js'), 'utf8');
    expect(source).toMatch(/from '\.\/oidc-utils\.js'/);
    expect(source).toMatch(/from '\.\/platform\.js'/);
  });

  it('works: the action’s bundle holds neither, nor what they load', () => {
    const unwanted = /@actions\/(core\/lib\/(oidc-utils|platform)|exec|io|http-client)\/|\/tunnel\//;
    expect(bundled('github-action').filter((file) => unwanted.test(file))).toEqual([]);
  });
});
