// The demo (the README's main job): starts the ProGet emulator and a GitHub REST stand-in on loopback, then
// records deployments through the three real front ends, each run the way its platform runs it — the
// committed GitHub Action bundle with a runner's environment, the committed Azure task bundle with an agent's,
// and the CLI bundle inside a (simulated) GitLab job — shows each one's own log, and prints what the emulator
// stored, field by field, including the SCA build the action promoted to production with its SBOM's packages.
//
// `node scripts/demo.mjs --keep` (or PROGET_DEMO_KEEP=1) leaves the emulator running afterwards, so the
// History links work and the CLI can be tried against it; Ctrl-C stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../packages/emulator/lib/index.js';

const KEY = 'demo-api-key-5f3c9a17e2';
const SHA = '3f9c2b7d1e4a6c8b0d2f4e6a8c0b2d4f6e8a0c2b';
const KEEP = process.argv.includes('--keep') || /^(1|true|yes)$/i.test(process.env.PROGET_DEMO_KEEP ?? '');
const work = mkdtempSync(join(tmpdir(), 'proget-demo-'));
const outputs = [];
/** Lines of a front end's log shown; the rest is counted, not shown. */
const LOG_LINES = 14;

/**
 * A front end's own log as its platform would show it: without the debug lines a runner or agent hides by
 * default and the mask commands it never displays, the key masked as the platform would mask it.
 */
function showLog(text) {
  const hidden = /^(::debug::|::add-mask::|##vso\[task\.(debug|setsecret|setvariable|uploadsummary))/;
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !hidden.test(l))
    // The agent shows an issue as ##[warning]/##[error] and the completion as the task's result.
    .map((l) => l.replace(/^##vso\[task\.issue type=(\w+)[^\]]*\]/, '##[$1]'))
    .map((l) => l.replace(/^##vso\[task\.complete result=(\w+);?[^\]]*\]/, 'Task result: $1 — '))
    .map((l) => l.split(KEY).join('***'));
  const shown = lines.slice(0, LOG_LINES).map((l) => `  │ ${l.length > 150 ? `${l.slice(0, 149)}…` : l}`);
  if (lines.length > LOG_LINES) shown.push(`  │ … ${lines.length - LOG_LINES} more lines`);
  console.log(shown.join('\n'));
}

function run(label, bundle, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      console.log(`\n── ${label}: exit ${code}`);
      // The CLI's stderr (what it detected, why something failed) comes before its results on stdout.
      showLog(`${stderr}\n${stdout}`);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The three REST endpoints the action asks to find its job's `environment:`, answering like GitHub. */
async function startGitHubApi() {
  const routes = {
    '/repos/acme/shop/actions/runs/4242/attempts/1/jobs': {
      total_count: 1,
      jobs: [
        { id: 777, name: 'deploy', status: 'in_progress', runner_name: 'GitHub Actions 2', head_sha: SHA },
      ],
    },
    [`/repos/acme/shop/deployments?sha=${SHA}`]: [{ id: 55, environment: 'production', sha: SHA }],
    '/repos/acme/shop/deployments/55/statuses': [
      { state: 'in_progress', log_url: 'https://github.com/acme/shop/actions/runs/4242/job/777' },
    ],
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://stand-in');
    const sha = url.searchParams.get('sha');
    const body = routes[`${url.pathname}${sha ? `?sha=${sha}` : ''}`];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? (url.pathname.endsWith('/deployments') ? [] : { message: 'Not Found' })));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) =>
    cells
      .map((cell, i) => String(cell ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c]))),
  ].join('\n');
}

const emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['shop'] } });
const github = await startGitHubApi();
let failed = false;
try {
  console.log(`ProGet emulator on ${emulator.url} (API key required), GitHub REST stand-in on ${github.url}`);

  // 1. The GitHub Action, as a runner runs `uses: …` in a job with `environment: production`.
  const summaryFile = join(work, 'step-summary.md');
  const outputFile = join(work, 'github-output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  writeFileSync(join(work, 'event.json'), JSON.stringify({ ref: 'refs/heads/main' }));
  // The release's CycloneDX SBOM, as a build step (cyclonedx-npm, pgutil builds sbom…) would have written it.
  const sbomFile = join(work, 'shop-2.4.0.cdx.json');
  writeFileSync(
    sbomFile,
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { component: { type: 'application', name: 'shop', version: '2.4.0' } },
      components: [
        {
          type: 'library',
          name: 'web-frontend',
          group: 'acme',
          version: '2.4.0',
          purl: 'pkg:npm/%40acme/web-frontend@2.4.0',
        },
        {
          type: 'library',
          name: 'ui-kit',
          group: '@acme',
          version: '5.1.2',
          purl: 'pkg:npm/%40acme/ui-kit@5.1.2',
        },
        { type: 'library', name: 'react', version: '18.3.1', purl: 'pkg:npm/react@18.3.1' },
      ],
    }),
  );
  const action = await run(
    'GitHub Action (packages/github-action/dist/index.js)',
    'packages/github-action/dist/index.js',
    [],
    {
      INPUT_SERVER: emulator.url,
      'INPUT_API-KEY': KEY,
      INPUT_FEED: 'apps',
      INPUT_PACKAGE: 'acme/web-frontend@2.4.0\n@acme/ui-kit@5.1.2',
      'INPUT_GITHUB-TOKEN': 'ghs_demo-token-not-real',
      // Promote SCA build 2.4.0 (the first package's version) of project "shop" to the job's environment.
      'INPUT_SCA-PROJECT': 'shop',
      INPUT_SBOM: sbomFile,
      // ProGet judges the build compliant, so each deployed version is promoted to the feed production pulls from.
      'INPUT_PROMOTE-TO-FEED': 'production',
      'INPUT_ON-ERROR': 'warn',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_RUN_NUMBER: '87',
      GITHUB_WORKFLOW: 'Release',
      GITHUB_JOB: 'deploy',
      GITHUB_SHA: SHA,
      RUNNER_NAME: 'GitHub Actions 2',
      RUNNER_TEMP: work,
      GITHUB_WORKSPACE: work,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: join(work, 'event.json'),
    },
  );
  failed ||= action.code !== 0;

  // 2. The Azure DevOps task, as an agent runs it in a YAML deployment job for environment `staging`.
  const azure = await run(
    'Azure DevOps task (packages/azure-task/dist/index.cjs)',
    'packages/azure-task/dist/index.cjs',
    [],
    {
      INPUT_CONNECTIONTYPE: 'serviceConnection',
      INPUT_PROGETSERVICE: 'proget-prod',
      'ENDPOINT_URL_proget-prod': emulator.url,
      'ENDPOINT_AUTH_proget-prod': JSON.stringify({
        parameters: { username: '', password: KEY },
        scheme: 'UsernamePassword',
      }),
      'ENDPOINT_AUTH_PARAMETER_proget-prod_PASSWORD': KEY,
      INPUT_FEED: 'nuget',
      INPUT_PACKAGE: 'pkg:nuget/Acme.Billing@3.0.1',
      BUILD_REQUESTEDFOR: 'Mona Lisa',
      BUILD_BUILDID: '1207',
      BUILD_BUILDNUMBER: '20261125.4',
      BUILD_DEFINITIONNAME: 'billing-cd',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
      SYSTEM_TEAMPROJECT: 'Billing Platform',
      ENVIRONMENT_NAME: 'staging',
      AGENT_TEMPDIRECTORY: work,
      SYSTEM_DEFAULTWORKINGDIRECTORY: work,
    },
  );
  failed ||= azure.code !== 0;

  // 3. The CLI in a GitLab job: the environment, user and job link come from GitLab's variables.
  const gitlab = {
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.example.com',
    CI_PROJECT_PATH: 'acme/api',
    CI_PROJECT_URL: 'https://gitlab.example.com/acme/api',
    CI_PIPELINE_ID: '9031',
    CI_PIPELINE_URL: 'https://gitlab.example.com/acme/api/-/pipelines/9031',
    CI_JOB_ID: '55120',
    CI_JOB_NAME: 'deploy-qa',
    CI_JOB_URL: 'https://gitlab.example.com/acme/api/-/jobs/55120',
    CI_COMMIT_SHORT_SHA: '3f9c2b7d',
    CI_ENVIRONMENT_NAME: 'qa',
    GITLAB_USER_LOGIN: 'alice',
    PROGET_SERVER: emulator.url,
    PROGET_API_KEY: KEY,
  };
  const cli = await run(
    'proget-deploy record (packages/cli/dist/index.js) in a GitLab job',
    'packages/cli/dist/index.js',
    ['record', '--feed', 'apps', '--package', 'acme/api@1.9.0', '--target', 'qa-eu', '--target', 'qa-us'],
    gitlab,
  );
  failed ||= cli.code !== 0;

  // 4. Download mode: fetch the package with the X-ProGet-Deployment-* headers, which records it too.
  const download = await run(
    'proget-deploy download (records while fetching the package)',
    'packages/cli/dist/index.js',
    [
      'download',
      '--feed',
      'apps',
      '--feed-type',
      'universal',
      '--package',
      'acme/web-frontend@2.4.0',
      '--target',
      'edge-01',
      '--download-to',
      join(work, 'packages'),
    ],
    gitlab,
  );
  failed ||= download.code !== 0;
  const file = join(work, 'packages', 'web-frontend-2.4.0.upack');
  console.log(`  (the downloaded package is kept: ${file}, ${statSync(file).size} bytes)`);

  // 5. The release gate: the next release's build carries a vulnerable package, and ProGet judges it
  //    noncompliant; the audit step that runs before its deploy stops it, listing why (exit code 3).
  emulator.sca.setAnalysis('shop', '2.5.0', {
    verdict: 'noncompliant',
    issues: [
      { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' },
      { type: 'L', purl: 'pkg:npm/left-pad@1.3.0', detail: 'No license detected.' },
    ],
  });
  const stopped = await run(
    'the next release, 2.5.0, deployed to test: ProGet judges its build noncompliant (expected: exit code 3)',
    'packages/cli/dist/index.js',
    [
      'record',
      '--feed',
      'apps',
      '--package',
      'acme/web-frontend@2.5.0',
      '--target',
      'test',
      '--sca-project',
      'shop',
      '--promote-to-feed',
      'production',
    ],
    gitlab,
  );
  const gate = await run(
    'proget-deploy audit: the release gate before 2.5.0 goes to production (expected: exit code 3)',
    'packages/cli/dist/index.js',
    ['audit', '--sca-project', 'shop', '--sca-build', '2.5.0'],
    gitlab,
  );
  for (const [what, step] of [
    ['deploy to test', stopped],
    ['audit', gate],
  ]) {
    if (step.code !== 3) {
      console.log(`expected the ${what} of a noncompliant build to exit 3, it exited ${step.code}`);
      failed = true;
    }
  }

  // Every field ProGet stores, one row per record; GroupName and PackageName are shown together as Package.
  console.log(`\n══ What the ProGet emulator stored (${emulator.deployments.length} records) ══\n`);
  console.log(
    table(
      emulator.deployments.map(({ source, record: r }) => ({
        via: source,
        Date: r.Date,
        Application: r.Application,
        FeedName: r.FeedName,
        Package: [r.GroupName, r.PackageName].filter(Boolean).join('/'),
        Version: r.Version,
        Target: r.Target,
        UserName: r.UserName,
        Description: r.Description,
        Url: r.Url,
      })),
      [
        'via',
        'Date',
        'Application',
        'FeedName',
        'Package',
        'Version',
        'Target',
        'UserName',
        'Description',
        'Url',
      ],
    ),
  );

  for (const project of emulator.sca.projects) {
    for (const build of project.builds) {
      console.log(
        `\n══ SCA build ${build.version} of "${project.name}": stage ${build.stage ?? '(none)'} ══\n`,
      );
      console.log(`Packages (from its SBOM): ${build.packages.map((p) => p.purl).join(', ')}`);
      for (const c of build.comments) console.log(`Comment #${c.number} by ${c.by}: ${c.comment}`);
    }
  }

  console.log(`\n══ Promotions ProGet made to the production feed (${emulator.promotions.length}) ══\n`);
  console.log(
    table(
      emulator.promotions.map((p) => ({
        Package: [p.group, p.name].filter(Boolean).join('/'),
        Version: p.version,
        From: p.fromFeed,
        To: p.toFeed,
        Comments: p.comments ?? '',
      })),
      ['Package', 'Version', 'From', 'To', 'Comments'],
    ),
  );

  console.log('\n══ The GitHub job summary the action wrote ══\n');
  console.log(readFileSync(summaryFile, 'utf8'));

  const leaked =
    outputs.some((text) =>
      text
        .split('\n')
        .some(
          (line) =>
            line.includes(KEY) &&
            !line.startsWith('::add-mask::') &&
            !line.startsWith('##vso[task.setsecret]'),
        ),
    ) ||
    readFileSync(summaryFile, 'utf8').includes(KEY) ||
    readFileSync(outputFile, 'utf8').includes(KEY);
  console.log(
    `API key printed anywhere (besides the platforms' own mask commands): ${leaked ? 'YES — this is a bug' : 'no'}`,
  );
  const expected = 2 + 1 + 2 + 1 + 1;
  if (emulator.deployments.length !== expected) {
    console.log(`expected ${expected} records, the emulator stored ${emulator.deployments.length}`);
    failed = true;
  }
  failed ||= leaked;
  if (emulator.sca.project('shop')?.builds.find((b) => b.version === '2.4.0')?.stage !== 'Production') {
    console.log('expected SCA build 2.4.0 of "shop" in stage Production');
    failed = true;
  }
  if (emulator.promotions.length !== 2) {
    console.log(
      `expected 2 package versions promoted to production, ProGet has ${emulator.promotions.length}`,
    );
    failed = true;
  }
  console.log(`\nFiles the front ends wrote (kept): ${work}`);
} finally {
  github.server.close();
  if (!KEEP) await emulator.close();
}
if (failed) {
  console.error('\nThe demo did not go as expected (see above).');
  process.exitCode = 1;
}
if (KEEP) {
  const [first] = emulator.deployments;
  console.log(`
══ The emulator stays up at ${emulator.url} (API key: ${KEY}) ══

Follow the History links and the SCA build's page in the summary above, e.g. ${first ? `${emulator.url}/feeds/${first.record.FeedName}/${[first.record.GroupName, first.record.PackageName].filter(Boolean).join('/')}/${first.record.Version}` : emulator.url}
Try the CLI against it (a wrong or missing key is refused, as on a ProGet server with keys):
  PROGET_SERVER=${emulator.url} PROGET_API_KEY=${KEY} node packages/cli/dist/index.js record --feed apps --package acme/api@2.0.0 --target qa
Stop it with Ctrl-C (or: kill ${process.pid}).`);
  const stop = () => emulator.close().then(() => process.exit(process.exitCode ?? 0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  console.log(
    '\nThe emulator has stopped. To browse the History links and try the CLI against it, run the demo with --keep.',
  );
}
