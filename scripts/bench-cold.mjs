// Benchmark (not a test): one deployment record from a cold process, as a runner or agent starts one per
// step. Every front end's committed bundle is timed against the least any Node step could do — a bare
// `node -e "fetch(...)"` POSTing the same record — on this Node (bench.mjs runs it on Node 20 and 24).
// Runs are interleaved round by round and each case is divided by the bare fetch of ITS round (pairwise),
// so a busy moment of a shared machine costs both sides alike; the median ratio and its p25–p75 are shown.
// Peak RSS comes from separate runs with a preload that reads VmHWM, so the timed runs are untouched.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../packages/emulator/lib/index.js';
import { PEAK_PRELOAD, figure, measure, median, quantile, spread } from './bench-lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 5);
const KEY = 'sk-bench-key-0123456789';
const GOALS = { explicit: 0.8, lookup: 1.0, peakMiB: 65 };

/** The GitHub API stand-in for the environment lookup: this job deploys to "staging". */
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

const emulator = await startEmulator({ apiKeys: [KEY] });
const github = await startGitHubApi();
const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
writeFileSync(join(dir, 'event.json'), '{}');

const record = {
  Application: 'bench',
  Description: 'bench',
  Target: 'staging',
  FeedName: 'apps',
  PackageName: 'web',
  Version: '1.2.3',
  GroupName: 'acme',
};
const endpoint = `${emulator.url}/api/package-deployment/`;
const headers = { 'content-type': 'application/json', 'x-apikey': KEY };
const bareFetch = `fetch(${JSON.stringify(endpoint)},{method:'POST',headers:${JSON.stringify(headers)},body:${JSON.stringify(JSON.stringify(record))}}).then(r=>{if(!r.ok)process.exit(1);return r.text()})`;
const nodeHttp = `const r=require('node:http').request(${JSON.stringify(endpoint)},{method:'POST',headers:${JSON.stringify(headers)}},s=>{if(s.statusCode>=300)process.exit(1);s.resume()});r.end(${JSON.stringify(JSON.stringify(record))})`;
const runner = {
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
  'INPUT_API-KEY': KEY,
  INPUT_FEED: 'apps',
  INPUT_PACKAGE: 'acme/web@1.2.3',
  'INPUT_GITHUB-TOKEN': 'ghs_bench',
};
const cases = [
  { name: 'bare node -e fetch(…) POST', args: ['-e', bareFetch] },
  { name: 'node:http one-shot POST (the floor)', args: ['-e', nodeHttp] },
  {
    name: 'action, explicit target',
    args: ['packages/github-action/dist/index.js'],
    env: { ...runner, INPUT_TARGET: 'staging' },
    goal: GOALS.explicit,
  },
  {
    name: 'action, environment looked up',
    args: ['packages/github-action/dist/index.js'],
    env: runner,
    goal: GOALS.lookup,
  },
  {
    name: 'Azure task',
    args: ['packages/azure-task/dist/index.cjs'],
    env: {
      AGENT_TEMPDIRECTORY: dir,
      INPUT_CONNECTIONTYPE: 'manual',
      INPUT_SERVER: emulator.url,
      INPUT_APIKEY: KEY,
      INPUT_FEED: 'apps',
      INPUT_PACKAGE: 'acme/web@1.2.3',
      INPUT_TARGET: 'staging',
    },
    ok: (r) => r.code === 0 && r.stdout.includes('##vso[task.complete result=Succeeded;]'),
    goal: GOALS.explicit,
  },
  {
    name: 'CLI',
    args: ['packages/cli/dist/index.js', 'record', '--server', emulator.url, '--feed', 'apps'],
    env: { PROGET_API_KEY: KEY, PROGET_PACKAGE: 'acme/web@1.2.3', PROGET_TARGET: 'staging' },
    goal: GOALS.explicit,
  },
];

try {
  const run = async (c, extra = []) => {
    const before = emulator.deployments.length;
    const result = await measure(process.execPath, [...extra, ...c.args], { env: c.env, ok: c.ok });
    if (emulator.deployments.length !== before + 1)
      throw new Error(`${c.name} did not record its deployment`);
    return result;
  };
  for (const c of cases) await run(c); // warms the file cache for every case
  const ms = cases.map(() => []);
  const ratios = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotated, so no case always follows the same neighbour.
    const order = cases.map((_, k) => (k + round) % cases.length);
    const times = [];
    for (const k of order) times[k] = (await run(cases[k])).ms;
    for (const [k, t] of times.entries()) {
      ms[k].push(t);
      ratios[k].push(t / times[0]);
    }
  }
  const peaks = cases.map(() => []);
  for (let i = 0; i < MEMORY_RUNS; i += 1)
    for (const [k, c] of cases.entries()) peaks[k].push((await run(c, PEAK_PRELOAD)).peakMiB);

  console.log(
    `\nOne record, cold: Node ${process.version}, ${ROUNDS} interleaved rounds; peak RSS over ${MEMORY_RUNS} runs\n`,
  );
  console.log(
    '| case | median ms (p25–p75) | ÷ bare fetch, pairwise (p25–p75) | peak RSS MiB median / max |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const [k, c] of cases.entries()) {
    console.log(
      `| ${c.name} | ${spread(ms[k], 0)} | ${spread(ratios[k])} | ${median(peaks[k]).toFixed(1)} / ${Math.max(...peaks[k]).toFixed(1)} |`,
    );
  }
  for (const [k, c] of cases.entries()) {
    if (c.goal === undefined) continue;
    const iqr = `p25–p75 ${quantile(ratios[k], 0.25).toFixed(2)}–${quantile(ratios[k], 0.75).toFixed(2)}; ${median(ms[k]).toFixed(0)} vs ${median(ms[0]).toFixed(0)} ms`;
    figure(`${c.name}: ÷ bare fetch`, median(ratios[k]), c.goal, { unit: '×', note: iqr });
    figure(`${c.name}: peak RSS`, Math.max(...peaks[k]), GOALS.peakMiB, {
      unit: ' MiB',
      digits: 1,
      note: `max of ${MEMORY_RUNS}; bare fetch ${Math.max(...peaks[0]).toFixed(1)}`,
    });
  }
  for (const [name, path] of [
    ['action bundle (all chunks)', 'packages/github-action/dist'],
    ['CLI bundle', 'packages/cli/dist'],
    ['Azure task bundle', 'packages/azure-task/dist'],
  ]) {
    const { readdirSync } = await import('node:fs');
    const bytes = readdirSync(path)
      .filter((f) => f.endsWith('.js') || f.endsWith('.cjs'))
      .reduce((sum, f) => sum + statSync(join(path, f)).size, 0);
    figure(`${name} size`, bytes / 1e6, 1, { unit: ' MB' });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  github.closeAllConnections();
  github.close();
  await emulator.close();
}
