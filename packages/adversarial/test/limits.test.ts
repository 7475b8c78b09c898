// The adversarial suite, part 4: the platforms' limits. A run of 12,000 records (6,000 packages × 2 targets, a
// dry run so no server is needed) stays within each platform's limits on outputs and summaries, and the full
// list is still there for a script.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputVariable, runAction, runCli, runTask } from './bundles';

const PACKAGES = Array.from({ length: 6_000 }, (_, i) => `package-${i}@1.0.${i}`);
const RECORDS = PACKAGES.length * 2;
const MIB = 1_048_576;

let temp: string;
beforeAll(() => (temp = mkdtempSync(join(tmpdir(), 'adversarial-limits-'))));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

it.concurrent(
  'GitHub: a summary under 1 MiB, a records output within the job budget, every record in records-file',
  async () => {
    const runnerTemp = mkdtempSync(join(temp, 'gh-'));
    const run = await runAction(
      {
        server: 'https://proget.example.com',
        feed: 'apps',
        package: PACKAGES.join('\n'),
        target: 'eu\nus',
        'dry-run': 'true',
      },
      { RUNNER_TEMP: runnerTemp },
    );
    expect(run.code).toBe(0);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(MIB);
    expect(run.summary).toMatch(
      new RegExp(`Only the first \\d+ of ${RECORDS} records are shown .*records-file output\\.\\n$`),
    );
    const records = JSON.parse(run.outputs.records!) as unknown[];
    expect(run.outputs.records!.length).toBeLessThanOrEqual(256_000);
    expect(records.length).toBeGreaterThan(100);
    expect(run.stdout).toContain(`::warning::The records output holds only the first records`);
    const all = JSON.parse(readFileSync(run.outputs['records-file']!, 'utf8')) as unknown[];
    expect(all).toHaveLength(RECORDS);
  },
);

// 2,000 records: the agent's test runner buffers at most 1 MB of the task's stdout, where a dry run logs
// each record; enough to overflow the records variable many times over.
it.concurrent('Azure: a bounded summary and records variable, every record in recordsFile', async () => {
  const run = await runTask({
    INPUT_CONNECTIONTYPE: 'manual',
    INPUT_SERVER: 'https://proget.example.com',
    INPUT_FEED: 'apps',
    INPUT_PACKAGE: PACKAGES.slice(0, 1_000).join('\n'),
    INPUT_TARGET: 'eu\nus',
    INPUT_DRYRUN: 'true',
  });
  try {
    const records = outputVariable(run, 'records')!;
    expect(records.length).toBeLessThanOrEqual(32_000);
    expect((JSON.parse(records) as unknown[]).length).toBeGreaterThan(10);
    const all = JSON.parse(readFileSync(outputVariable(run, 'recordsFile')!, 'utf8')) as unknown[];
    expect(all).toHaveLength(2_000);
    const summary = /##vso\[task\.uploadsummary\](.*)/.exec(run.stdout)![1]!;
    expect(Buffer.byteLength(readFileSync(summary, 'utf8'))).toBeLessThan(MIB);
  } finally {
    rmSync(run.tempDir, { recursive: true, force: true });
  }
});

it.concurrent('CLI: --json still prints every record', async () => {
  const run = await runCli(
    [
      'record',
      '--dry-run',
      '--json',
      '--target',
      'eu',
      '--target',
      'us',
      ...PACKAGES.flatMap((p) => ['--package', p]),
    ],
    { PROGET_SERVER: 'https://proget.example.com', PROGET_FEED: 'apps' },
  );
  expect(run.code).toBe(0);
  expect((JSON.parse(run.stdout) as { records: unknown[] }).records).toHaveLength(RECORDS);
});
