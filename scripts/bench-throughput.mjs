// Benchmark (not a test): 1,000 deployment records through core's client against the emulator with 20 ms
// latency and 5% injected 503s, one-at-a-time vs batched. The emulator runs in its own process so the peak
// memory reported is the client's. Run with `pnpm bench` (it compiles first).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ProGetClient, createDispatcher, validateRecord } from '../packages/core/lib/index.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1000);
const LATENCY_MS = 20;
const FAILURE_RATE = 0.05;
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '0,1,4,16,32').split(',').map(Number);

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

function records(run) {
  return Array.from({ length: RECORDS }, (_, i) =>
    validateRecord({
      Application: 'bench',
      Description: `benchmark run ${run}`,
      Target: `server-${String(i).padStart(4, '0')}`,
      FeedName: 'apps',
      PackageName: 'web',
      Version: '1.0.0',
      Date: '2026-11-25T00:00:00Z',
    }),
  );
}

async function measure(url, concurrency, run) {
  await control(url, 'deployments', 'DELETE');
  await control(url, 'faults', 'PUT', {
    latencyMs: LATENCY_MS,
    failRate: { rate: FAILURE_RATE, status: 503, seed: 42 },
  });
  const dispatcher = createDispatcher({ proxy: 'none', connections: Math.max(1, concurrency) });
  const client = new ProGetClient({ server: url, apiKey: 'bench-key', dispatcher, retries: 5 });
  const batch = records(run);
  const started = process.hrtime.bigint();
  // Concurrency 0 is the baseline: a plain loop that sends one record, waits for it (and its retries), then
  // the next — what a hand-written script does.
  const results = [];
  if (concurrency === 0) {
    for (const record of batch) results.push({ outcome: 'recorded', ...(await client.send(record)) });
  } else {
    results.push(...(await client.sendAll(batch, concurrency)));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await dispatcher.close();
  const stored = await control(url, 'deployments');
  const perTarget = new Map();
  for (const d of stored) perTarget.set(d.record.Target, (perTarget.get(d.record.Target) ?? 0) + 1);
  const retried = results.filter((r) => r.attempts > 1).length;
  return {
    concurrency,
    seconds,
    perSecond: RECORDS / seconds,
    recorded: results.filter((r) => r.outcome === 'recorded').length,
    stored: stored.length,
    exactlyOnce: perTarget.size === RECORDS && [...perTarget.values()].every((n) => n === 1),
    retried,
  };
}

const { child, url } = await startEmulator();
try {
  const rows = [];
  for (const [run, concurrency] of LEVELS.entries()) rows.push(await measure(url, concurrency, run));
  const base = rows.find((r) => r.concurrency === 0)?.perSecond;
  console.log(
    `\n${RECORDS} records, ${LATENCY_MS} ms latency, ${FAILURE_RATE * 100}% injected 503s (seeded), Node ${process.version}\n`,
  );
  console.log('      sending  seconds  records/s  speed-up  recorded  stored  exactly-once  retried');
  for (const r of rows) {
    console.log(
      [
        (r.concurrency === 0 ? 'one by one' : `batch of ${r.concurrency}`).padStart(13),
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
  if (rows.some((r) => !r.exactlyOnce || r.recorded !== RECORDS)) process.exitCode = 1;
} finally {
  child.kill();
}
