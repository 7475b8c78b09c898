// Benchmark (not a test): batches stream. One process records N deployment records (packages × targets)
// against the emulator, which runs in its own process so the peak measured is the client's alone. Records
// are produced as the batch reaches them and results kept compactly, so 100,000 records should peak within
// 1.2× of 100. Two views: core's recordDeployments in a bare process (the batch itself), and the CLI bundle
// with a 32 MiB heap (it used to run out of memory building every record before sending the first), and the
// action's bundle likewise (its outputs, summary and records file used to build a row object per record).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PEAK_PRELOAD, figure, measure, median } from './bench-lib.mjs';

const LARGE = Number(process.env.BENCH_BATCH_RECORDS ?? 100_000);
const SMALL = 100;
const RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 3);
const CONCURRENCY = 16;
const [, , role, server, packageCount, targetCount] = process.argv;

/** N records as packages × targets: 100 packages at N/100 targets. */
const shape = (n) => ({ packages: Math.min(100, n), targets: Math.ceil(n / 100) });
const lines = (prefix, n, suffix = '') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}${suffix}`).join('\n');

if (role === 'child') {
  const { recordDeployments, resolvePlan, CLI_INPUT_NAMES, silentLogger, tuneForShortProcess } =
    await import('../packages/core/lib/index.js');
  tuneForShortProcess();
  const plan = resolvePlan(
    {
      server,
      apiKey: 'bench-key',
      feed: 'apps',
      package: lines('pkg-', Number(packageCount), '@1.0.0'),
      target: lines('server-', Number(targetCount)),
      concurrency: String(CONCURRENCY),
    },
    { application: 'bench' },
    CLI_INPUT_NAMES,
  );
  const report = await recordDeployments(plan, { logger: silentLogger });
  if (report.recorded !== report.results.length) throw new Error(report.message);
  console.log(`recorded ${report.recorded}`);
} else {
  const emulator = spawn(process.execPath, ['packages/emulator/lib/bin.js'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: emulator.stdout }), 'line');
  const url = /http:\/\/\S+/.exec(line)?.[0];
  const reset = () => fetch(`${url}/__emulator/deployments`, { method: 'DELETE' });
  try {
    const core = async (n) => {
      await reset();
      const { packages, targets } = shape(n);
      const r = await measure(process.execPath, [
        ...PEAK_PRELOAD,
        import.meta.filename,
        'child',
        url,
        packages,
        targets,
      ]);
      if (!r.stdout.includes(`recorded ${packages * targets}`)) throw new Error(r.stdout + r.stderr);
      return r;
    };
    const small = [];
    const large = [];
    for (let i = 0; i < RUNS; i += 1) {
      small.push(await core(SMALL));
      large.push(await core(LARGE));
    }
    const smallPeak = median(small.map((r) => r.peakMiB));
    const largePeak = median(large.map((r) => r.peakMiB));
    const perSecond = LARGE / (median(large.map((r) => r.ms)) / 1000);

    const { packages, targets } = shape(LARGE);
    const packageLines = lines('pkg-', packages, '@1.0.0');
    const targetLines = lines('server-', targets);
    const withSmallHeap = async (args, env) => {
      await reset();
      return measure(process.execPath, ['--max-old-space-size=32', ...PEAK_PRELOAD, ...args], {
        env,
        ok: () => true,
      });
    };
    const cli = await withSmallHeap(
      [
        'packages/cli/dist/index.js',
        'record',
        '--server',
        url,
        '--feed',
        'apps',
        '--concurrency',
        String(CONCURRENCY),
      ],
      { PROGET_API_KEY: 'bench-key', PROGET_PACKAGE: packageLines, PROGET_TARGET: targetLines },
    );
    const runner = mkdtempSync(join(tmpdir(), 'bench-batch-'));
    for (const f of ['output', 'summary']) writeFileSync(join(runner, f), '');
    const action = await withSmallHeap(['packages/github-action/dist/index.js'], {
      GITHUB_OUTPUT: join(runner, 'output'),
      GITHUB_STEP_SUMMARY: join(runner, 'summary'),
      RUNNER_TEMP: runner,
      INPUT_SERVER: url,
      'INPUT_API-KEY': 'bench-key',
      INPUT_FEED: 'apps',
      INPUT_PACKAGE: packageLines,
      INPUT_TARGET: targetLines,
      INPUT_CONCURRENCY: String(CONCURRENCY),
    }).finally(() => rmSync(runner, { recursive: true, force: true }));
    console.log(
      `\nStreaming batches, Node ${process.version}, concurrency ${CONCURRENCY}, median of ${RUNS}`,
    );
    console.log(`  core, ${SMALL} records: peak RSS ${smallPeak.toFixed(1)} MiB`);
    console.log(
      `  core, ${LARGE} records: peak RSS ${largePeak.toFixed(1)} MiB, ${perSecond.toFixed(0)} records/s`,
    );
    for (const [name, r] of [
      ['CLI', cli],
      ['action', action],
    ]) {
      console.log(
        `  ${name}, ${LARGE} records, --max-old-space-size=32: exit ${r.code ?? r.signal}, peak RSS ${r.peakMiB.toFixed(1)} MiB, ${(r.ms / 1000).toFixed(1)} s`,
      );
      if (r.code !== 0) console.log(r.stderr.slice(-600));
    }
    figure(`batch: peak RSS ${LARGE} ÷ ${SMALL} records (core)`, largePeak / smallPeak, 1.2, {
      unit: '×',
      note: `${largePeak.toFixed(1)} vs ${smallPeak.toFixed(1)} MiB`,
    });
    for (const [name, r] of [
      ['CLI', cli],
      ['action', action],
    ]) {
      figure(`batch: ${name} ${LARGE} records with a 32 MiB heap (exit code)`, r.code ?? 1, 0, {
        digits: 0,
        note: `peak ${r.peakMiB.toFixed(1)} MiB`,
      });
    }
  } finally {
    emulator.kill();
  }
}
