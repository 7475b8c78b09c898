// Benchmark (not a test): one deployment from a cold process, as a runner or agent starts one per step. Every
// front end's committed bundle is timed beside the two most used GitHub deployment-marker actions (the peers:
// bobheadxi/deployments and chrnorm/deployment-action, their committed bundles, each run as the runner runs it
// against a loopback stand-in of GitHub's REST API) and beside the least any Node step could do: a bare
// `node -e "fetch(...)"` POSTing the same record, `node:http` doing so, and core's own undici doing so from a
// minimal ncc bundle (the floor of the design's HTTP client). Cases run interleaved round by round, and each is
// divided by the baselines of ITS round (pairwise), so a busy moment of a shared machine costs both sides alike;
// the median ratio and its p25–p75 are shown. Peak RSS comes from separate runs with a preload that reads VmHWM,
// so the timed runs are untouched.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { startEmulator } from '../packages/emulator/lib/index.js';
import { PEAK_PRELOAD, figure, measure, median, quantile, spread } from './bench-lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
// GitHub's API is tens of milliseconds away from a runner, not on loopback: each of the stand-in's answers waits
// this long, so the lookup's round trips show as they cost on a real network (0: loopback, the goals' setting).
const GITHUB_LATENCY_MS = Number(process.env.BENCH_GITHUB_LATENCY_MS ?? 0);
// A diagnosis, not a goal: our cases again with V8 kept on its baseline compiler for WebAssembly
// (`--liftoff-only`, given on the command line here, never shipped), which shows how much of each time is V8
// optimising undici's llhttp parser in the background (and the process waiting for that at exit).
const DIAGNOSE_TIER_UP = process.env.BENCH_DIAGNOSE === 'tier-up';
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 5);
// The peers' bundles as /work/shared/peers/README.md describes them: a folder per action with its index.js.
const PEERS = resolve(process.env.BENCH_PEERS ?? join('..', 'shared', 'peers'));
const KEY = 'sk-bench-key-0123456789';
const GOALS = { ofFasterPeer: 0.8, lookupOfBareFetch: 1.0 };
// Node 20, pairwise ÷ bare fetch, as last measured before the run-time V8 tuning was removed (docs/development.md
// at f9abe36): the new design must be no worse there.
const NODE20_BEFORE = { explicit: 0.55, lookup: 1.01, task: 0.6, cli: 0.57 };
// Each bundle before the restructure (MB, every .js/.cjs file of dist/).
const BUNDLE_BEFORE = { action: 0.78, cli: 0.43, task: 0.6 };

/**
 * GitHub's REST API on loopback: the environment lookup's answers (this job deploys to "staging"), and what
 * the peers ask for, creating a deployment and a status on it (counted, so a run that did nothing fails).
 */
function startGitHubApi() {
  const log = 'https://github.com/acme/shop/actions/runs/4242/job/555';
  const reads = {
    '/repos/acme/shop/actions/runs/4242/attempts/1/jobs': {
      total_count: 1,
      jobs: [
        { id: 555, name: 'deploy', status: 'in_progress', runner_name: 'bench', head_sha: 'f'.repeat(40) },
      ],
    },
    '/repos/acme/shop/deployments': [{ id: 9, environment: 'staging' }],
    '/repos/acme/shop/deployments/9/statuses': [{ log_url: log, target_url: log }],
  };
  const created = { deployments: 0, statuses: 0 };
  const writes = {
    '/repos/acme/shop/deployments': () => {
      created.deployments += 1;
      return { id: 42, url: 'https://api.github.com/repos/acme/shop/deployments/42', environment: 'staging' };
    },
    '/repos/acme/shop/deployments/42/statuses': () => {
      created.statuses += 1;
      return { id: 7, state: 'in_progress' };
    },
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(answer, GITHUB_LATENCY_MS));
    const answer = () => {
      const path = new URL(req.url, 'http://x').pathname;
      const write = req.method === 'POST' ? writes[path] : undefined;
      const body = write ? write() : req.method === 'GET' ? reads[path] : undefined;
      res.writeHead(body ? (write ? 201 : 200) : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { message: 'Not Found' }));
    };
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { created }))),
  );
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
const floorFile = await undiciFloor();
const gitHubApiUrl = `http://127.0.0.1:${github.address().port}`;
const runner = {
  GITHUB_OUTPUT: join(dir, 'output'),
  GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  GITHUB_EVENT_PATH: join(dir, 'event.json'),
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: gitHubApiUrl,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_RUN_NUMBER: '1',
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_SHA: 'f'.repeat(40),
  GITHUB_JOB: 'deploy',
  RUNNER_NAME: 'bench',
};
const ours = {
  ...runner,
  INPUT_SERVER: emulator.url,
  'INPUT_API-KEY': KEY,
  INPUT_FEED: 'apps',
  INPUT_PACKAGE: 'acme/web@1.2.3',
  'INPUT_GITHUB-TOKEN': 'ghs_bench',
};
const recordedByUs = () => emulator.deployments.length;
// A peer's run creates a deployment and one status on it.
const createdOnGitHub = () => Math.min(github.created.deployments, github.created.statuses);

/** The peers, each with its action.yml's defaults as the runner passes them (INPUT_<NAME>). */
const peerCases = [
  {
    name: 'peer: bobheadxi/deployments',
    folder: 'bobheadxi-deployments',
    env: { INPUT_STEP: 'start', INPUT_TOKEN: 'ghs_bench', INPUT_ENV: 'staging' },
    defaults: { INPUT_DEBUG: 'false', INPUT_AUTO_INACTIVE: 'false' },
  },
  {
    name: 'peer: chrnorm/deployment-action',
    folder: 'chrnorm-deployment-action',
    // It ignores GITHUB_API_URL: its own input names the API.
    env: { INPUT_TOKEN: 'ghs_bench', INPUT_ENVIRONMENT: 'staging', 'INPUT_GITHUB-BASE-URL': gitHubApiUrl },
    defaults: {
      'INPUT_INITIAL-STATUS': 'pending',
      'INPUT_AUTO-MERGE': 'false',
      INPUT_TASK: 'deploy',
      'INPUT_TRANSIENT-ENVIRONMENT': 'false',
      'INPUT_AUTO-INACTIVE': 'true',
    },
  },
]
  .filter((p) => existsSync(join(PEERS, p.folder, 'index.js')))
  .map((p) => ({
    name: p.name,
    peer: true,
    args: [join(PEERS, p.folder, 'index.js')],
    env: { ...runner, ...p.defaults, ...p.env },
    count: createdOnGitHub,
  }));
if (peerCases.length < 2) {
  console.log(`\nThe peers' bundles are not in ${PEERS} (set BENCH_PEERS): no comparison with them.`);
}

const cases = [
  { name: 'bare node -e fetch(…) POST', args: ['-e', bareFetch], count: recordedByUs },
  { name: 'node:http one-shot POST (the floor)', args: ['-e', nodeHttp], count: recordedByUs },
  { name: "undici request() one POST, bundled (the design's floor)", args: [floorFile], count: recordedByUs },
  ...peerCases,
  {
    name: 'action, explicit target',
    key: 'explicit',
    args: ['packages/github-action/dist/index.js'],
    env: { ...ours, INPUT_TARGET: 'staging' },
    count: recordedByUs,
  },
  {
    name: 'action, environment looked up',
    key: 'lookup',
    args: ['packages/github-action/dist/index.js'],
    env: ours,
    count: recordedByUs,
  },
  {
    name: 'Azure task',
    key: 'task',
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
    count: recordedByUs,
  },
  {
    name: 'CLI',
    key: 'cli',
    args: ['packages/cli/dist/index.js', 'record', '--server', emulator.url, '--feed', 'apps'],
    env: { PROGET_API_KEY: KEY, PROGET_PACKAGE: 'acme/web@1.2.3', PROGET_TARGET: 'staging' },
    count: recordedByUs,
  },
];
if (DIAGNOSE_TIER_UP) {
  for (const c of cases.filter((c) => c.key)) {
    cases.push({
      ...c,
      key: undefined,
      name: `${c.name}, --liftoff-only (diagnosis)`,
      execArgv: ['--liftoff-only'],
    });
  }
}

/**
 * The design's floor: core's own undici (the pinned, patched version), bundled by ncc as our bundles are, posting
 * the same record through request() on an Agent, and nothing else. What a front end takes above this is ours;
 * what this takes above `node:http` is the HTTP client's.
 */
async function undiciFloor() {
  const undiciDir = dirname(createRequire(resolve('packages/core/package.json')).resolve('undici'));
  const entry = join(dir, 'undici-floor.mjs');
  writeFileSync(
    entry,
    `import { Agent, request } from ${JSON.stringify(join(undiciDir, 'index.mjs'))};
const r = await request(${JSON.stringify(endpoint)}, { method: 'POST', headers: ${JSON.stringify(headers)}, body: ${JSON.stringify(JSON.stringify(record))}, dispatcher: new Agent() });
await r.body.text();
process.exit(r.statusCode >= 300 ? 1 : 0);
`,
  );
  const { default: ncc } = await import('@vercel/ncc');
  const { code } = await ncc(entry, { minify: true, target: 'es2022', quiet: true });
  const file = join(dir, 'undici-floor-bundle.mjs');
  writeFileSync(file, code);
  return file;
}

/** Each bundle's files (.js/.cjs), bytes and modules (from ncc's stats, after `pnpm build`). */
function bundleFacts(pkg) {
  const dist = join('packages', pkg, 'dist');
  const files = readdirSync(dist).filter((f) => f.endsWith('.js') || f.endsWith('.cjs'));
  const bytes = files.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0);
  const stats = join('packages', pkg, 'lib', 'ncc-stats.json');
  // The modules of its chunks, those concatenated into them counted one by one (the stats also list modules
  // webpack built and then left out).
  const modules = existsSync(stats)
    ? JSON.parse(readFileSync(stats, 'utf8'))
        .modules.filter((m) => m.chunks.length > 0)
        .reduce((n, m) => n + (m.modules?.length ?? 1), 0)
    : undefined;
  return { files: files.length, bytes, modules };
}

/** For each round, time ÷ the baseline's time in that round. */
const pairwise = (times, base) => times.map((t, i) => t / base[i]);

try {
  const run = async (c, extra = []) => {
    const before = c.count();
    const result = await measure(process.execPath, [...extra, ...(c.execArgv ?? []), ...c.args], {
      env: c.env,
      ok: c.ok,
    });
    if (c.count() !== before + 1) throw new Error(`${c.name} did not record its deployment`);
    return result;
  };
  for (const c of cases) await run(c); // warms the file cache for every case
  const ms = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotated, so no case always follows the same neighbour.
    for (let i = 0; i < cases.length; i += 1) {
      const k = (i + round) % cases.length;
      ms[k].push((await run(cases[k])).ms);
    }
  }
  const peaks = cases.map(() => []);
  for (let i = 0; i < MEMORY_RUNS; i += 1)
    for (const [k, c] of cases.entries()) peaks[k].push((await run(c, PEAK_PRELOAD)).peakMiB);

  const peers = cases.flatMap((c, k) => (c.peer ? [k] : []));
  const faster = peers.sort((a, b) => median(ms[a]) - median(ms[b]))[0];
  console.log(
    `\nOne deployment, cold: Node ${process.version}, ${ROUNDS} interleaved rounds; peak RSS over ${MEMORY_RUNS} runs${faster === undefined ? '' : `; faster peer: ${cases[faster].name.replace('peer: ', '')}`}${GITHUB_LATENCY_MS ? `; GitHub's API ${GITHUB_LATENCY_MS} ms away` : ''}\n`,
  );
  console.log(
    '| case | median ms (p25–p75) | ÷ bare fetch (p25–p75) | ÷ faster peer (p25–p75) | peak RSS MiB median / max |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [k, c] of cases.entries()) {
    const ofPeer = faster === undefined ? '–' : spread(pairwise(ms[k], ms[faster]));
    console.log(
      `| ${c.name} | ${spread(ms[k], 0)} | ${spread(pairwise(ms[k], ms[0]))} | ${ofPeer} | ${median(peaks[k]).toFixed(1)} / ${Math.max(...peaks[k]).toFixed(1)} |`,
    );
  }
  const iqr = (ratios, k, base) =>
    `p25–p75 ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}; ${median(ms[k]).toFixed(0)} vs ${median(ms[base]).toFixed(0)} ms`;
  for (const [k, c] of cases.entries()) {
    if (!c.key) continue;
    const ofBare = pairwise(ms[k], ms[0]);
    if (c.key === 'lookup') {
      figure(`${c.name}: ÷ bare fetch`, median(ofBare), GOALS.lookupOfBareFetch, {
        unit: '×',
        note: iqr(ofBare, k, 0),
      });
    } else if (faster !== undefined) {
      const ofPeer = pairwise(ms[k], ms[faster]);
      figure(`${c.name}: ÷ faster peer`, median(ofPeer), GOALS.ofFasterPeer, {
        unit: '×',
        note: iqr(ofPeer, k, faster),
      });
    }
    if (process.versions.node.startsWith('20.')) {
      figure(
        `${c.name}: ÷ bare fetch, Node 20 (before: ${NODE20_BEFORE[c.key]}×)`,
        median(ofBare),
        NODE20_BEFORE[c.key],
        {
          unit: '×',
          note: iqr(ofBare, k, 0),
        },
      );
    }
    if (faster !== undefined) {
      figure(`${c.name}: peak RSS ÷ faster peer's`, median(peaks[k]) / median(peaks[faster]), 1, {
        unit: '×',
        note: `median ${median(peaks[k]).toFixed(1)} (max ${Math.max(...peaks[k]).toFixed(1)}) vs ${median(peaks[faster]).toFixed(1)} MiB`,
      });
    }
  }
  for (const [name, pkg, key] of [
    ['action bundle (all chunks)', 'github-action', 'action'],
    ['CLI bundle', 'cli', 'cli'],
    ['Azure task bundle', 'azure-task', 'task'],
  ]) {
    const { files, bytes, modules } = bundleFacts(pkg);
    figure(`${name} size`, bytes / 1e6, BUNDLE_BEFORE[key], {
      unit: ' MB',
      note: `${files} file${files === 1 ? '' : 's'}${modules === undefined ? '' : `, ${modules} modules`}`,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  github.closeAllConnections();
  github.close();
  await emulator.close();
}
