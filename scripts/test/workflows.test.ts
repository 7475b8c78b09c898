// The workflows pass actionlint (scripts/lint-workflows.mjs, also part of `pnpm lint`), and they hold to the
// supply-chain rules the release depends on: every third-party action pinned to a commit and running on
// node24, credentials only where a job pushes, pnpm from package.json's pin, publishing only from a GitHub
// environment, npm by trusted publishing (OIDC) rather than a token, and every release file attested.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const lint = (dir?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/lint-workflows.mjs'), ...(dir ? [dir] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  strategy?: { matrix: { os?: string[]; node?: number[]; include?: Array<{ os: string; node: number }> } };
  steps: Step[];
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const names = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
const text = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
const workflow = (name: string) => parse(text(name)) as Workflow;
const jobs = names.flatMap((name) =>
  Object.entries(workflow(name).jobs).map(([id, job]) => ({ where: `${name} ${id}`, job })),
);
const release = workflow('release.yml');
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

/** The first major version of each action that runs on node24 (their release notes). */
const NODE24_SINCE: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'pnpm/action-setup': 5,
  'actions/attest-build-provenance': 3, // composite; the actions it runs are pinned by its release
};

describe('GitHub workflows', () => {
  it('pass actionlint', () => {
    const result = lint();
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`lint-workflows: ${names.length} workflow(s) pass actionlint\n`);
    expect(result.status).toBe(0);
  });

  it('a workflow actionlint rejects fails the lint, with where and why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
    try {
      const broken = [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo ${{ github.nope }}',
        '',
      ];
      writeFileSync(join(dir, 'broken.yml'), broken.join('\n'));
      const result = lint(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /broken\.yml:6:23: property "nope" is not defined in object type .* \[expression\]\n$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pin every action of another repository to a full commit SHA, its release in a comment, on node24', () => {
    const uses = names.flatMap((name) =>
      text(name)
        .split('\n')
        .map((line, i) => ({
          where: `${name}:${i + 1}`,
          line,
          match: /^\s*-?\s*uses:\s*(\S+)(.*)$/.exec(line),
        }))
        .filter(({ match }) => match && !match[1]!.startsWith('./'))
        .map(({ where, match }) => ({ where, ref: match![1]!, comment: match![2]!.trim() })),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const { where, ref, comment } of uses) {
      const pinned = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/.exec(`${ref} ${comment}`);
      expect({ where, ref, comment, pinned: Boolean(pinned) }).toEqual({ where, ref, comment, pinned: true });
      const [, action, , major] = pinned!;
      expect(Object.keys(NODE24_SINCE)).toContain(action);
      expect({ where, node24: Number(major) >= NODE24_SINCE[action!]! }).toEqual({ where, node24: true });
    }
    // One release of each action everywhere, so Dependabot's group moves them together.
    const pins = new Map<string, Set<string>>();
    for (const { ref } of uses) {
      const [action, sha] = ref.split('@');
      pins.set(action!, (pins.get(action!) ?? new Set()).add(sha!));
    }
    for (const [action, shas] of pins) expect({ action, shas: shas.size }).toEqual({ action, shas: 1 });
  });

  it('keep checkout credentials only in a job that pushes, and that job installs nothing', () => {
    const checkouts = jobs.filter(({ job }) =>
      job.steps.some((s) => s.uses?.startsWith('actions/checkout@')),
    );
    expect(checkouts.length).toBeGreaterThan(3);
    for (const { where, job } of checkouts) {
      const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
      const pushes = /^\s*git push\b|move-major-tag\.mjs .*--push/m.test(runs(job));
      const persists = checkout.with?.['persist-credentials'] !== false;
      expect({ where, persists }).toEqual({ where, persists: pushes });
      if (pushes)
        expect({ where, installs: /\b(npm|pnpm|yarn)\s+(i|install|ci|add)\b/.test(runs(job)) }).toEqual({
          where,
          installs: false,
        });
    }
  });

  it('install pnpm with pnpm/action-setup at the version package.json pins, before any pnpm command', () => {
    for (const name of names)
      expect({ name, npmGlobalPnpm: /npm (i|install) (-g|--global) .*pnpm/.test(text(name)) }).toEqual({
        name,
        npmGlobalPnpm: false,
      });
    for (const { where, job } of jobs) {
      const setup = job.steps.findIndex((s) => s.uses?.startsWith('pnpm/action-setup@'));
      const firstPnpm = job.steps.findIndex((s) => /(^|\s)pnpm\s/m.test(s.run ?? ''));
      if (firstPnpm < 0) continue;
      expect({ where, setupBeforePnpm: setup >= 0 && setup < firstPnpm }).toEqual({
        where,
        setupBeforePnpm: true,
      });
      // No version: the action reads package.json's packageManager, the one pin of pnpm.
      expect({ where, with: job.steps[setup]!.with }).toEqual({ where, with: undefined });
    }
  });

  it('run the tests on Linux (Node 20 and 24), Windows and macOS (Node 24), in bash everywhere', () => {
    const ci = workflow('ci.yml') as Workflow & { defaults?: { run?: { shell?: string } } };
    const matrix = ci.jobs.test!.strategy!.matrix;
    const combinations = [
      ...matrix.os!.flatMap((os) => matrix.node!.map((node) => `${os} ${node}`)),
      ...(matrix.include ?? []).map(({ os, node }) => `${os} ${node}`),
    ];
    expect(combinations.sort()).toEqual([
      'macos-latest 24',
      'ubuntu-latest 20',
      'ubuntu-latest 24',
      'windows-latest 24',
    ]);
    expect(ci.jobs.test!['runs-on']).toBe('${{ matrix.os }}');
    expect(runs(ci.jobs.test!)).toMatch(/^pnpm test$/m);
    expect(ci.defaults?.run?.shell).toBe('bash');
  });
});

describe('the release workflow', () => {
  const environment = (job: Job) =>
    typeof job.environment === 'string' ? job.environment : job.environment?.name;

  it('publishes to npm and the Marketplace only from their GitHub environments', () => {
    expect(environment(release.jobs.npm!)).toBe('npm');
    expect(environment(release.jobs.marketplace!)).toBe('marketplace');
    for (const [id, job] of Object.entries(release.jobs))
      if (!['npm', 'marketplace'].includes(id))
        expect({ id, environment: job.environment }).toEqual({ id, environment: undefined });
  });

  it('publishes to npm by trusted publishing: id-token, no token anywhere, npm 11.5.1 or later, with provenance', () => {
    const npm = release.jobs.npm!;
    expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(text('release.yml')).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/);
    expect(runs(npm)).toMatch(/npm install --global npm@\^11\.5\.1/);
    expect(runs(npm)).toMatch(/a > 11 \|\| \(a === 11 && \(b > 5 \|\| \(b === 5 && c >= 1\)\)\)/);
    expect(runs(npm)).toMatch(
      /npm publish "\$RUNNER_TEMP\/release\/proget-deploy-\$\{TAG#v\}\.tgz" --provenance --access public/,
    );
  });

  it("keeps the Marketplace token a secret of the marketplace job's environment, in the one step that uploads", () => {
    for (const [id, job] of Object.entries(release.jobs)) {
      const mentions = JSON.stringify(job).includes('secrets.AZURE_MARKETPLACE_TOKEN');
      expect({ id, mentions }).toEqual({ id, mentions: id === 'marketplace' });
    }
    const marketplace = release.jobs.marketplace!;
    const holders = marketplace.steps.filter((s) => s.env?.AZURE_MARKETPLACE_TOKEN);
    expect(holders.map((s) => s.run?.includes('tfx extension publish'))).toEqual([true]);
  });

  it('attests and attaches the CLI tarball, the .vsix and the SBOM, and refuses a lightweight tag', () => {
    const assets = release.jobs.assets!;
    expect(assets.permissions).toEqual({ contents: 'read', 'id-token': 'write', attestations: 'write' });
    const script = runs(assets);
    expect(script).toMatch(/node scripts\/pack-cli\.mjs --destination "\$RUNNER_TEMP\/release"/);
    expect(script).toMatch(/pnpm package:azure\n\s*cp \.staging\/vsix\/\*\.vsix "\$RUNNER_TEMP\/release\/"/);
    expect(script).toMatch(/node scripts\/bundle-sbom\.mjs --output "\$RUNNER_TEMP\/release\//);
    const attest = assets.steps.find((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
    expect(attest?.with).toEqual({ 'subject-path': '${{ runner.temp }}/release/*' });
    expect(runs(release.jobs.github!)).toMatch(
      /gh release create "\$TAG" .*\\\n\s*"\$RUNNER_TEMP"\/release\/\*/,
    );
    expect(runs(release.jobs.verify!)).toMatch(/git cat-file -t "refs\/tags\/\$TAG"\)" != tag/);
  });
});

describe('Dependabot', () => {
  it('keeps the pinned actions and the npm dependencies current, grouped, weekly', () => {
    const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: Array<{
        'package-ecosystem': string;
        directory: string;
        schedule: { interval: string };
        groups?: Record<string, { patterns: string[] }>;
      }>;
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update.directory).toBe('/');
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.values(update.groups ?? {}).map((g) => g.patterns)).toEqual([['*']]);
    }
  });
});
