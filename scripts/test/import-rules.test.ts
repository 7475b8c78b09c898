// `pnpm check:imports` (dependency-cruiser with .dependency-cruiser.cjs) as lint runs it: it passes on the
// repository, and it fails on an import that runs up the stages, a circle, or an adapter reaching another.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@proget-deploy/testkit';

const CRUISER = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** dependency-cruiser over a tree of files, with the repository's rules: its exit code and what it said. */
function cruise(files: Record<string, string>): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
  try {
    cpSync(join(REPO_ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(
      join(dir, 'tsconfig.test.json'),
      '{ "compilerOptions": { "module": "ESNext", "moduleResolution": "Bundler" } }',
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      const output = execFileSync(
        process.execPath,
        [CRUISER, '--config', '.dependency-cruiser.cjs', 'packages'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      return { code: 0, output };
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      return { code: failure.status, output: failure.stdout };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the import rules', () => {
  it('pass on the repository', () => {
    const output = execFileSync(
      process.execPath,
      [
        CRUISER,
        '--config',
        '.dependency-cruiser.cjs',
        'packages/core/src',
        'packages/github-action/src',
        'packages/azure-task/src',
        'packages/cli/src',
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(output).toContain('no dependency violations found');
  });

  it('refuse an import that runs up the stages: proget/ importing plan/', () => {
    const { code, output } = cruise({
      'packages/core/src/plan/plan.ts': 'export const plan = 1;\n',
      'packages/core/src/proget/pipeline.ts':
        "import { plan } from '../plan/plan.js';\nexport const send = plan;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain(
      'core-proget-imports-one-way: packages/core/src/proget/pipeline.ts → packages/core/src/plan/plan.ts',
    );
  });

  it('refuse the ground importing a stage', () => {
    const { code, output } = cruise({
      'packages/core/src/step/run-step.ts': 'export const runStep = 1;\n',
      'packages/core/src/errors.ts':
        "import { runStep } from './step/run-step.js';\nexport const x = runStep;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain('core-ground-imports-nothing-above');
  });

  it('refuse a circle, within a stage too', () => {
    const { code, output } = cruise({
      'packages/core/src/plan/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'packages/core/src/plan/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain('no-circular');
  });

  it('refuse an adapter importing another', () => {
    const { code, output } = cruise({
      'packages/azure-task/src/run.ts': 'export const run = 1;\n',
      'packages/cli/src/main.ts':
        "import { run } from '../../azure-task/src/run.js';\nexport const main = run;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain('adapters-know-only-core');
  });
});
