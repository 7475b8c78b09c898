// Benchmark (not a test): the Azure task's cold start. The agent starts a fresh Node process for every task,
// so what a user waits for is process start + loading the bundle + one request. This runs the committed
// bundle recording one deployment, as the agent runs it, against the least any Node task could do: a bare
// `node -e "fetch(...)"` that POSTs the same record. Each is run RUNS times (alternating, after one warm-up
// each) against the emulator on loopback; the table shows wall time and each process's peak RSS.
// Run after `pnpm exec tsc -b` (the emulator is imported from its compiled lib/): node scripts/bench-azure.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../packages/emulator/lib/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const KEY = 'bench-key-1234567890';
const BUNDLE_DIR = 'packages/azure-task/dist';

// Preloaded into every measured process: prints its own peak resident set size as it exits.
// VmHWM, not resourceUsage().maxRSS: on Linux the latter also counts the parent's RSS at fork, before exec.
const REPORT_RSS = `process.on('exit', () => process.stderr.write('\\nBENCH_MAXRSS_KIB=' + /VmHWM:\\s*(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));`;
const PRELOAD = ['--import', `data:text/javascript,${encodeURIComponent(REPORT_RSS)}`];

const RECORD = {
  Application: 'Azure Pipelines',
  Description: 'Deployed by pipeline "bench" build 1',
  Target: 'production',
  FeedName: 'internal',
  PackageName: 'web',
  Version: '1.2.3',
  Date: '2026-11-25T00:00:00.000Z',
};
const BARE_POST = `fetch(process.env.SERVER + '/api/package-deployment/', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-apikey': process.env.KEY },
  body: process.env.BODY,
}).then((r) => { if (!r.ok) process.exitCode = 1; });`;

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...PRELOAD, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rssKiB = Number(/BENCH_MAXRSS_KIB=(\d+)/.exec(stderr)?.[1]);
      resolve({ ms, rssMiB: rssKiB / 1024, code, stdout, stderr });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const emulator = await startEmulator({ apiKeys: [KEY] });
const tempDir = mkdtempSync(join(tmpdir(), 'bench-azure-'));
const cases = {
  'task bundle (1 record)': {
    args: [join(BUNDLE_DIR, 'index.cjs')],
    env: {
      AGENT_TEMPDIRECTORY: tempDir,
      INPUT_CONNECTIONTYPE: 'manual',
      INPUT_SERVER: emulator.url,
      INPUT_APIKEY: KEY,
      INPUT_FEED: RECORD.FeedName,
      INPUT_PACKAGE: `${RECORD.PackageName}@${RECORD.Version}`,
      INPUT_TARGET: RECORD.Target,
      INPUT_DATE: RECORD.Date,
    },
    ok: (r) => r.code === 0 && r.stdout.includes('##vso[task.complete result=Succeeded;]'),
  },
  'bare node -e fetch POST': {
    args: ['-e', BARE_POST],
    env: { SERVER: emulator.url, KEY, BODY: JSON.stringify(RECORD) },
    ok: (r) => r.code === 0,
  },
};

try {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = -1; i < RUNS; i += 1) {
    for (const [name, spec] of Object.entries(cases)) {
      const before = emulator.deployments.length;
      const result = await run(spec.args, spec.env);
      if (!spec.ok(result) || emulator.deployments.length !== before + 1) {
        throw new Error(`${name} did not record its deployment:\n${result.stdout}\n${result.stderr}`);
      }
      if (i >= 0) samples[name].push(result); // run -1 warms the file cache for both
    }
  }

  const bundleBytes = statSync(join(BUNDLE_DIR, 'index.cjs')).size;
  const distBytes = readdirSync(BUNDLE_DIR).reduce(
    (sum, file) => sum + statSync(join(BUNDLE_DIR, file)).size,
    0,
  );
  console.log(
    `\nCold start, ${RUNS} runs each, Node ${process.version}, ${process.platform}/${process.arch}\n`,
  );
  console.log('                          median ms    min ms    max ms   peak RSS MiB (median)');
  for (const [name, results] of Object.entries(samples)) {
    const ms = results.map((r) => r.ms);
    console.log(
      [
        name.padEnd(24),
        median(ms).toFixed(0).padStart(11),
        Math.min(...ms)
          .toFixed(0)
          .padStart(9),
        Math.max(...ms)
          .toFixed(0)
          .padStart(9),
        median(results.map((r) => r.rssMiB))
          .toFixed(1)
          .padStart(23),
      ].join(' '),
    );
  }
  const [task, bare] = Object.values(samples).map((results) => median(results.map((r) => r.ms)));
  console.log(`\ntask overhead over a bare POST: ${(task - bare).toFixed(0)} ms (median)`);
  console.log(
    `bundle: ${BUNDLE_DIR}/index.cjs ${(bundleBytes / 1024).toFixed(0)} KiB (dist/ ${(distBytes / 1024).toFixed(0)} KiB)`,
  );
} finally {
  await emulator.close();
  rmSync(tempDir, { recursive: true, force: true });
}
