// Benchmark (not a test): deployment records through core's record stage against the emulator with 20 ms
// latency and 5% injected 503s (seeded), one at a time and in batches of 4, 16 and 32 concurrent requests. The
// emulator runs in its own process so the client's figures are its own. Goal: a batch of 32 sends at least as
// many records a second as before. Run with `pnpm bench` (it compiles first).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CLI_INPUT_NAMES, resolvePlan, runPlan, silentLogger } from '../packages/core/lib/internal.js';
import { figure } from './bench-lib.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1000);
const LATENCY_MS = 20;
const FAILURE_RATE = 0.05;
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,16,32').split(',').map(Number);
// Records a second in a batch of 32 before the cold-start redesign, on each Node: the median of 3 runs of 300
// records, interleaved with 3 of the redesign, on the shared 2-core machine (2026-12-06). The redesign must not
// slow batches down. The runs spread by about ±3%: a figure that close to its goal is the same speed.
const PER_SECOND_BEFORE = { 20: 275, 24: 281 }[process.versions.node.split('.')[0]] ?? 275;

async function startEmulator() {
  const child = spawn(process.execPath, ['packages/emulator/lib/bin.js', '--latency', String(LATENCY_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  const url = /http:\/\/\S+/.exec(line)?.[0];
  if (!url) throw new Error(`emulator did not start: ${line}`);
  return { child, url };
}

async function control(url, path, method = 'GET', body) {
  const response = await fetch(`${url}/__emulator/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 200 ? response.json() : undefined;
}

/** A small seeded PRNG (mulberry32), numbers in [0, 1). */
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** RECORDS records (one package at RECORDS targets), sent with `concurrency` requests at most in flight. */
async function measure(url, concurrency, run) {
  await control(url, 'deployments', 'DELETE');
  await control(url, 'faults', 'PUT', {
    latencyMs: LATENCY_MS,
    failRate: { rate: FAILURE_RATE, status: 503, seed: 42 },
  });
  const plan = resolvePlan(
    {
      server: url,
      apiKey: 'bench-key',
      feed: 'apps',
      package: 'web@1.0.0',
      target: Array.from({ length: RECORDS }, (_, i) => `server-${String(i).padStart(4, '0')}`).join('\n'),
      description: `benchmark run ${run}`,
      date: '2026-11-25T00:00:00Z',
      retries: '5',
      concurrency: String(concurrency),
    },
    { application: 'bench' },
    CLI_INPUT_NAMES,
  );
  const started = process.hrtime.bigint();
  // The backoff's jitter seeded, like the injected failures: every run waits the same, so the figure is the
  // client's speed, not chance.
  const report = await runPlan(plan, { log: silentLogger, random: seeded(7) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = await control(url, 'deployments');
  const perTarget = new Map();
  for (const d of stored) perTarget.set(d.record.Target, (perTarget.get(d.record.Target) ?? 0) + 1);
  return {
    concurrency,
    seconds,
    perSecond: RECORDS / seconds,
    recorded: report.recorded,
    stored: stored.length,
    exactlyOnce: perTarget.size === RECORDS && [...perTarget.values()].every((n) => n === 1),
    retried: report.results.filter((r) => r.attempts > 1).length,
  };
}

const { child, url } = await startEmulator();
try {
  const rows = [];
  for (const [run, concurrency] of LEVELS.entries()) rows.push(await measure(url, concurrency, run));
  const base = rows.find((r) => r.concurrency === 1)?.perSecond;
  console.log(
    `\n${RECORDS} records, ${LATENCY_MS} ms latency, ${FAILURE_RATE * 100}% injected 503s (seeded), Node ${process.version}\n`,
  );
  console.log('      sending  seconds  records/s  speed-up  recorded  stored  exactly-once  retried');
  for (const r of rows) {
    console.log(
      [
        (r.concurrency === 1 ? 'one by one' : `batch of ${r.concurrency}`).padStart(13),
        r.seconds.toFixed(2).padStart(8),
        r.perSecond.toFixed(0).padStart(10),
        (base ? `${(r.perSecond / base).toFixed(1)}×` : '-').padStart(9),
        String(r.recorded).padStart(9),
        String(r.stored).padStart(7),
        String(r.exactlyOnce).padStart(13),
        String(r.retried).padStart(8),
      ].join(' '),
    );
  }
  // VmHWM, not resourceUsage().maxRSS: on Linux the latter also counts the parent's RSS at fork (pnpm's).
  const peakKiB = Number(/VmHWM:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  console.log(`\npeak RSS of the client process: ${(peakKiB / 1024).toFixed(1)} MiB`);
  const of32 = rows.find((r) => r.concurrency === 32);
  if (of32 && base) {
    figure(`throughput: records/s in a batch of 32`, of32.perSecond, PER_SECOND_BEFORE, {
      digits: 0,
      better: 'higher',
      note: `${RECORDS} records; ${(of32.perSecond / base).toFixed(1)}× one at a time`,
    });
  }
  if (rows.some((r) => !r.exactlyOnce || r.recorded !== RECORDS)) process.exitCode = 1;
} finally {
  child.kill();
}
