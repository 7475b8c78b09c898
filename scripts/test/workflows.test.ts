// The workflows pass actionlint (scripts/lint-workflows.mjs, also part of `pnpm lint`), and every action
// they use runs on node24: checkout and setup-node v4 run on Node 20, which GitHub is retiring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const lint = (dir?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/lint-workflows.mjs'), ...(dir ? [dir] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The first major version of each action that runs on node24 (their release notes). */
const NODE24_SINCE: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5 };

describe('GitHub workflows', () => {
  it('pass actionlint', () => {
    const result = lint();
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      `lint-workflows: ${readdirSync(WORKFLOWS).length} workflow(s) pass actionlint\n`,
    );
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

  it('use checkout and setup-node versions that run on node24', () => {
    const uses = readdirSync(WORKFLOWS).flatMap((name) =>
      [...readFileSync(join(WORKFLOWS, name), 'utf8').matchAll(/uses:\s*(actions\/[\w-]+)@v(\d+)/g)].map(
        (m) => ({
          name,
          action: m[1]!,
          major: Number(m[2]),
        }),
      ),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      expect(Object.keys(NODE24_SINCE)).toContain(use.action);
      expect({ ...use, node24: use.major >= NODE24_SINCE[use.action]! }).toEqual({ ...use, node24: true });
    }
  });
});
