// Benchmark (not a test): batches stream. The CLI bundle records 20,000 deployment records (2,000 packages from
// a --package-file, at 10 targets) against the emulator, which runs in its own process so the peak measured is
// the client's alone, and its peak RSS is compared with the same CLI recording 100 (10 packages at the same
// targets). Records are produced as the batch reaches them, results kept compactly and printed as they are
// reached, so the large batch should peak within 1.2× of the small one. The action's bundle likewise, with its
// outputs, job summary and records file. Runs alternate small and large; medians of BENCH_BATCH_RUNS. A
// reference in the same rounds: bare Node — Node's own fetch posting the same records from the same number of
// workers, keeping nothing — so the table shows how much a large batch grows the runtime itself.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PEAK_PRELOAD, figure, measure, median } from './bench-lib.mjs';

const LARGE = Number(process.env.BENCH_BATCH_RECORDS ?? 20_000);
const SMALL = 100;
const TARGETS = 10;
const RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 3);
const CONCURRENCY = 16;
const KEY = 'bench-batch-key-0123456789';

// argv: server, key, records, targets, workers; run with -e.
const BARE_NODE = `const [server, key, n, targets, workers] = process.argv.slice(1);
let next = 0;
async function worker() {
  while (next < Number(n)) {
    const i = next++;
    const record = { Application: 'bare', Description: 'bare Node', Target: 'server-' + (i % targets), FeedName: 'apps',
      PackageName: 'pkg-' + Math.floor(i / targets), Version: '1.0.0' };
    const response = await fetch(server + '/api/package-deployment/', { method: 'POST',
      headers: { 'X-ApiKey': key, 'Content-Type': 'application/json' }, body: JSON.stringify(record) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error('HTTP ' + response.status);
  }
}
Promise.all(Array.from({ length: Number(workers) }, worker)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`;

const lines = (prefix, n, suffix = '') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}${suffix}`).join('\n');

const emulator = spawn(process.execPath, ['packages/emulator/lib/bin.js'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [line] = await once(createInterface({ input: emulator.stdout }), 'line');
const url = /http:\/\/\S+/.exec(line)?.[0];
const dir = mkdtempSync(join(tmpdir(), 'bench-batch-'));
for (const n of [SMALL, LARGE])
  writeFileSync(join(dir, `packages-${n}.txt`), lines('pkg-', n / TARGETS, '@1.0.0'));
const targets = lines('server-', TARGETS);

/** One front end's run of n records, its peak RSS measured; the emulator forgets the last run's records first. */
async function batch(frontEnd, n) {
  await fetch(`${url}/__emulator/deployments`, { method: 'DELETE' });
  const env = frontEnd === 'CLI' ? cliEnv(n) : frontEnd === 'action' ? actionEnv(n) : {};
  const run = {
    CLI: ['packages/cli/dist/index.js', 'record'],
    action: ['packages/github-action/dist/index.js'],
    'bare Node': ['-e', BARE_NODE, url, KEY, String(n), String(TARGETS), String(CONCURRENCY)],
  }[frontEnd];
  const r = await measure(process.execPath, [...PEAK_PRELOAD, ...run], { env });
  const stored = (await (await fetch(`${url}/__emulator/deployments`)).json()).length;
  if (stored !== n) throw new Error(`${frontEnd}: ${stored} of ${n} records stored`);
  return r;
}

function cliEnv(n) {
  return {
    PROGET_SERVER: url,
    PROGET_API_KEY: KEY,
    PROGET_FEED: 'apps',
    PROGET_PACKAGE_FILE: join(dir, `packages-${n}.txt`),
    PROGET_TARGET: targets,
    PROGET_CONCURRENCY: String(CONCURRENCY),
  };
}

function actionEnv(n) {
  return {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: dir,
    INPUT_SERVER: url,
    'INPUT_API-KEY': KEY,
    INPUT_FEED: 'apps',
    INPUT_PACKAGE: lines('pkg-', n / TARGETS, '@1.0.0'),
    INPUT_TARGET: targets,
    INPUT_CONCURRENCY: String(CONCURRENCY),
  };
}

try {
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  console.log(`\nStreaming batches, Node ${process.version}, concurrency ${CONCURRENCY}, median of ${RUNS}`);
  for (const frontEnd of ['CLI', 'action', 'bare Node']) {
    const small = [];
    const large = [];
    for (let i = 0; i < RUNS; i += 1) {
      small.push(await batch(frontEnd, SMALL));
      large.push(await batch(frontEnd, LARGE));
      for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
    }
    const smallPeak = median(small.map((r) => r.peakMiB));
    const largePeak = median(large.map((r) => r.peakMiB));
    const perSecond = LARGE / (median(large.map((r) => r.ms)) / 1000);
    console.log(
      `  ${frontEnd}: ${SMALL} records peak ${smallPeak.toFixed(1)} MiB; ${LARGE} records peak ${largePeak.toFixed(1)} MiB, ${perSecond.toFixed(0)} records/s`,
    );
    if (frontEnd === 'bare Node') {
      console.log(`    ÷ ${(largePeak / smallPeak).toFixed(2)}  (reference: no goal)`);
      continue;
    }
    figure(`batch: ${frontEnd}, peak RSS ${LARGE} ÷ ${SMALL} records`, largePeak / smallPeak, 1.2, {
      unit: '×',
      note: `${largePeak.toFixed(1)} vs ${smallPeak.toFixed(1)} MiB`,
    });
  }
} finally {
  emulator.kill();
  rmSync(dir, { recursive: true, force: true });
}
