// Benchmark (not a test): the GitHub Action's cold start. A runner starts a fresh `node` for every step, so
// what a user waits for is process start + bundle load + the request. Compared with the least any step could
// do: a bare `node -e "fetch(...)"` POSTing the same record. Also the peak memory and the bundle's size.
// Run after `pnpm exec tsc -b` (it imports the emulator's build): `node scripts/bench-action.mjs`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../packages/emulator/lib/index.js';

const RUNS = Math.max(15, Number(process.env.BENCH_RUNS ?? 21));
const MEMORY_RUNS = 5;
const DIST = 'packages/github-action/dist';
const BUNDLE = join(DIST, 'index.js');
const GOALS = { ratio: 1.0, rssMiB: 80, bytes: 1_000_000 };
// Prints the child's peak RSS on exit; loaded only for the memory runs, so the timed runs are untouched.
// VmHWM, not resourceUsage().maxRSS: on Linux the latter also counts the parent's RSS at fork, before exec.
const PRINT_MAX_RSS =
  'data:text/javascript,import{readFileSync}from"node:fs";process.on("exit",()=>process.stderr.write(' +
  '"maxRSS="+/VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]+"\\n"))';

/** The GitHub API stand-in for the default path (no `target`): this job deploys to "staging". */
function startGitHubApi() {
  const log = 'https://github.com/acme/shop/actions/runs/4242/job/555';
  const routes = {
    '/repos/acme/shop/actions/runs/4242/attempts/1/jobs': {
      total_count: 1,
      jobs: [
        { id: 555, name: 'deploy', status: 'in_progress', runner_name: 'bench', head_sha: 'f'.repeat(40) },
      ],
    },
    '/repos/acme/shop/deployments': [{ id: 9, environment: 'staging' }],
    '/repos/acme/shop/deployments/9/statuses': [{ log_url: log, target_url: log }],
  };
  const server = createServer((req, res) => {
    const body = routes[new URL(req.url, 'http://x').pathname];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: 'Not Found' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, maxRssKiB: Number(/maxRSS=(\d+)/.exec(stderr)?.[1] ?? NaN) });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const emulator = await startEmulator({ apiKeys: ['sk-bench-key-0123456789'] });
const github = await startGitHubApi();
const dir = mkdtempSync(join(tmpdir(), 'bench-action-'));
try {
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'event.json'), '{}');
  const runner = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: `http://127.0.0.1:${github.address().port}`,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_JOB: 'deploy',
    RUNNER_NAME: 'bench',
    INPUT_SERVER: emulator.url,
    'INPUT_API-KEY': 'sk-bench-key-0123456789',
    INPUT_FEED: 'apps',
    INPUT_PACKAGE: 'acme/web@1.2.3',
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
  };
  const record = JSON.stringify({
    Application: 'GitHub Actions',
    Description: 'bench',
    Target: 'staging',
    FeedName: 'apps',
    PackageName: 'web',
    Version: '1.2.3',
    GroupName: 'acme',
  });
  const bare = `fetch(${JSON.stringify(`${emulator.url}/api/package-deployment/`)}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-apikey': 'sk-bench-key-0123456789' }, body: ${JSON.stringify(record)} }).then((r) => { if (!r.ok) process.exit(1); return r.text(); })`;
  const cases = [
    { name: 'bare node -e fetch(...)', args: ['-e', bare], env: { PATH: process.env.PATH } },
    { name: 'action bundle, target given', args: [BUNDLE], env: { ...runner, INPUT_TARGET: 'staging' } },
    { name: "action bundle, job's environment looked up", args: [BUNDLE], env: runner },
  ];
  // Interleaved, so a slow moment of the machine costs every case alike; the first round warms the disk cache.
  for (const c of cases) await run(c.args, c.env);
  const times = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, c] of cases.entries()) times[k].push((await run(c.args, c.env)).ms);
  }
  const memory = [];
  for (const c of cases) {
    const peaks = [];
    for (let i = 0; i < MEMORY_RUNS; i++)
      peaks.push((await run(['--import', PRINT_MAX_RSS, ...c.args], c.env)).maxRssKiB);
    memory.push(Math.max(...peaks) / 1024);
  }
  const sent = emulator.deployments.length;
  const expected = cases.length * (1 + RUNS + MEMORY_RUNS);
  if (sent !== expected) throw new Error(`the emulator stored ${sent} records, expected ${expected}`);

  const files = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  const bytes = Object.fromEntries(files.map((f) => [f, statSync(join(DIST, f)).size]));
  const totalBytes = Object.values(bytes).reduce((a, b) => a + b, 0);
  const base = median(times[0]);
  const ok = (pass) => (pass ? 'ok' : 'MISSED');

  console.log(
    `Cold start, median of ${RUNS} runs each (Node ${process.version}); peak RSS, max of ${MEMORY_RUNS} runs\n`,
  );
  console.log('| case | median ms | × bare fetch | peak RSS MiB |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [k, c] of cases.entries()) {
    const m = median(times[k]);
    console.log(`| ${c.name} | ${m.toFixed(0)} | ${(m / base).toFixed(2)} | ${memory[k].toFixed(1)} |`);
  }
  console.log(
    `\nBundle: ${files.map((f) => `${f} ${(bytes[f] / 1000).toFixed(0)} kB`).join(', ')}; JavaScript in all ${(totalBytes / 1000).toFixed(0)} kB\n`,
  );
  const ratio = median(times[1]) / base;
  console.log('| goal | measured | |');
  console.log('| --- | --- | --- |');
  console.log(
    `| cold start ≤ ${GOALS.ratio.toFixed(1)}× bare fetch | ${ratio.toFixed(2)}× | ${ok(ratio <= GOALS.ratio)} |`,
  );
  console.log(
    `| peak memory ≤ ${GOALS.rssMiB} MiB | ${memory[1].toFixed(1)} MiB | ${ok(memory[1] <= GOALS.rssMiB)} |`,
  );
  console.log(`| bundle ≤ 1 MB | ${(totalBytes / 1e6).toFixed(2)} MB | ${ok(totalBytes <= GOALS.bytes)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  github.closeAllConnections();
  github.close();
  await emulator.close();
}
