// The adversarial suite, part 6: fates told truly. A machine that cannot write what a step writes once ProGet
// has stored its records (GITHUB_OUTPUT, the runner's or the agent's temp folder, a disk that fills under a
// download), and a server that promotes an SCA build and then refuses its comment. Each front end must say in
// one line what ProGet has and what was not done, fail when a re-run would not heal it, and only warn when the
// deployment itself happened.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runCli } from '@proget-deploy/testkit';
import { FRONT_ENDS, oneDeployment, run, type FrontEnd, type Outcome } from './front-ends';
import { KEY, expectNoSecret } from './secrets';

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'] } });
  dir = mkdtempSync(join(tmpdir(), 'adversarial-fates-'));
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const STORED = 'Recorded 1 deployment in ProGet feed "apps".';
const RERUN = 'ProGet has what this says it stored; a re-run records those deployments again.';

/** A folder path that cannot be made: its parent is a regular file (root ignores permissions, not this). */
function underAFile(): string {
  const file = join(dir, `file-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, 'x');
  return join(file, 'temp');
}

/** The one line a front end fails a step with, as its platform shows it. */
const failureLine = (frontEnd: FrontEnd, message: string) =>
  frontEnd === 'github' ? `::error::${message}` : message;

function expectStoredButFailed(outcome: Outcome, why: string): void {
  expect(outcome.result).toBe('failure');
  expect(outcome.errorLines).toEqual([failureLine(outcome.frontEnd, `${STORED} But ${why} — ${RERUN}`)]);
  expect(emulator.deployments).toHaveLength(1);
  expectNoSecret(outcome);
}

describe('outputs that cannot be written after ProGet stored the records', () => {
  it('the action: GITHUB_OUTPUT is a folder', async () => {
    const outputs = join(dir, 'outputs-folder');
    mkdirSync(outputs, { recursive: true });
    const outcome = await run('github', oneDeployment(emulator.url, dir), {
      env: { GITHUB_OUTPUT: outputs },
    });
    expectStoredButFailed(
      outcome,
      "the step's outputs could not be written: EISDIR (illegal operation on a directory)",
    );
  });

  (existsSync('/dev/full') ? it : it.skip)(
    'the action: GITHUB_OUTPUT is on a full disk (/dev/full)',
    async () => {
      const outcome = await run('github', oneDeployment(emulator.url, dir), {
        env: { GITHUB_OUTPUT: '/dev/full' },
      });
      expectStoredButFailed(
        outcome,
        "the step's outputs could not be written: ENOSPC (no space left on device)",
      );
    },
  );

  it('the action: RUNNER_TEMP, where the records file goes, cannot be written', async () => {
    const outcome = await run('github', oneDeployment(emulator.url, dir), {
      env: { RUNNER_TEMP: underAFile() },
    });
    expectStoredButFailed(outcome, "the step's outputs could not be written: ENOTDIR (not a directory)");
  });

  // Agent.TempDirectory itself cannot be unwritable: task-lib writes its .taskkey there before the task runs.
  // A disk that fills while the records file is written (a file-size limit past task-lib's small file) can.
  (process.platform === 'win32' ? it.skip : it)(
    'the task: the disk fills while the records file is written in Agent.TempDirectory, and no half file is left',
    async () => {
      // A description long enough that the one record's row is larger than the limit.
      const inputs = {
        ...oneDeployment(emulator.url, dir),
        description: 'Deployed by the nightly job. '.repeat(40),
      };
      const outcome = await run('azure', inputs, { maxFileBlocks: 1 });
      expectStoredButFailed(outcome, "the step's outputs could not be written: EFBIG (file too large)");
      expect(Object.keys(outcome.sources).filter((path) => /proget-deployments-records-/.test(path))).toEqual(
        [],
      );
    },
  );
});

describe('an SCA build promoted, then its comment refused', () => {
  it.each(FRONT_ENDS)(
    '%s: a warning that says the build was promoted, never "not promoted"',
    async (frontEnd) => {
      // The comment fails (a 500 is not retried); everything else works.
      emulator.setFaults({ failFirst: { count: 1, status: 500, path: '/api/sca/comments' } });
      const outcome = await run(frontEnd, {
        ...oneDeployment(emulator.url, dir),
        scaProject: 'Web',
        scaStage: 'Production',
      });
      const said = `${outcome.sources.stdout}${outcome.sources.stderr}`;
      expect(said).toContain(
        `${STORED} Promoted SCA build 1.0.0 of "Web" to "Production"; ProGet's verdict: Compliant, but its comment was not added: ${new URL(emulator.url).host} responded with 500 Internal Server Error (ProGet 2025.10) after 1 attempt`,
      );
      expect(said).not.toMatch(/not promoted/);
      expect(emulator.deployments).toHaveLength(1);
      const build = emulator.sca.project('Web')!.builds[0]!;
      expect({ stage: build.stage, comments: build.comments }).toEqual({ stage: 'Production', comments: [] });
      expect(outcome.code).toBe(0);
      if (frontEnd === 'azure') expect(outcome.result).toBe('warning');
      if (frontEnd === 'github')
        expect(said).toMatch(/^::warning::Recorded 1 deployment .* comment was not added/m);
      if (frontEnd === 'cli') {
        expect(said).toMatch(/^warning: Recorded 1 deployment .* comment was not added/m);
        // Nothing failed that --on-error warn (not given) could have forgiven.
        expect(said).not.toMatch(/forgiven/);
      }
      expectNoSecret(outcome);
    },
  );
});

describe('a disk that fills under a download', () => {
  (process.platform === 'win32' ? it.skip : it)(
    'is a file error that on-error warn does not forgive: the CLI fails (exit 1), nothing left behind',
    async () => {
      const into = mkdtempSync(join(dir, 'download-'));
      const cli = await runCli(
        [
          'download',
          ...['--feed', 'apps', '--feed-type', 'universal', '--package', 'acme/web@1.0.0', '--target', 't'],
          ...['--download-to', into, '--on-error', 'warn', '--retries', '2'],
        ],
        { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY },
        undefined,
        true,
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr.split('\n').filter((l) => /^(error|warning|proget-deploy):/.test(l))).toEqual([
        `error: 1 of 1 deployment record not recorded in ProGet feed "apps": acme/web@1.0.0 → t: ` +
          `cannot save web-1.0.0.upack in ${into}: EFBIG (file too large) — ` +
          'ProGet may have recorded the deployment; the file was not saved. Check --download-to.',
      ]);
      // Sent once: a file error is not retried, as the disk would be as full the second time.
      expect(emulator.requests).toHaveLength(1);
      expect(readdirSync(into)).toEqual([]);
    },
  );
});
