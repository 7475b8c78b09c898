import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { startLoopbackProxy } from '@proget-deploy/testkit';
import { stagingRun } from './fake-github';
import { RUN_RECORD } from './fake-platform';
import { startGitHubApi, type GitHubApiStandIn, type Misbehaviour } from './github-api-stand-in';
import { RUNNER_TOKEN, runBundle, type StepResult } from './run-bundle';

// The committed bundle, run as a runner runs it, against the ProGet emulator and a GitHub API stand-in.
const KEY = 'sk-THE-KEY-1234567890';
let emulator: Emulator;
let github: GitHubApiStandIn;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  github = await startGitHubApi(stagingRun());
});
afterEach(() => {
  emulator.reset();
  github.requests.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await github.close();
});

const step = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundle(
    { server: emulator.url, 'api-key': KEY, feed: 'internal', ...inputs },
    { GITHUB_API_URL: github.url, ...env },
  );

/** The step with its environment looked up from a GitHub API stand-in that misbehaves, closed afterwards. */
async function stepAgainst(misbehaviour: Misbehaviour, inputs: Record<string, string> = {}) {
  const standIn = await startGitHubApi(stagingRun(), misbehaviour);
  try {
    const result = await step({ package: 'acme/web@1.2.3', ...inputs }, { GITHUB_API_URL: standIn.url });
    return { result, standIn };
  } finally {
    await standIn.close();
  }
}

/** The runner masks what follows `::add-mask::`; everywhere else the key must simply not be. */
function expectKeyOnlyMasked(result: StepResult): void {
  const lines = result.stdout.split('\n').filter((l) => l.includes(KEY));
  expect(lines).toEqual([`::add-mask::${KEY}`]);
  for (const text of [result.stderr, result.outputFile, result.summary]) expect(text).not.toContain(KEY);
}

const records = () => emulator.deployments.map((d) => d.record);

describe('the committed bundle, run as a runner runs it', () => {
  it("records the actor, the run attempt's link and the job's environment from the API", async () => {
    const result = await step({ package: 'acme/web@1.2.3' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(records()).toEqual([RUN_RECORD]);
    expect(emulator.deployments[0]!.auth).toBe('header');
    expect(Date.now() - Date.parse(records()[0]!.Date)).toBeLessThan(60_000);
    const paths = github.requests.map((r) => r.path.split('?')[0]);
    // The jobs and the commit's deployments are asked for at once, so either may arrive first.
    expect(paths.slice(0, 2).sort()).toEqual([
      '/repos/acme/shop/actions/runs/4242/attempts/2/jobs',
      '/repos/acme/shop/deployments',
    ]);
    expect(paths.slice(2)).toEqual([
      '/repos/acme/shop/deployments/9003/statuses',
      '/repos/acme/shop/deployments/9002/statuses',
    ]);
    expect(github.requests.every((r) => r.authorization === `token ${RUNNER_TOKEN}`)).toBe(true);
    expect(result.stdout).toContain(`::add-mask::${RUNNER_TOKEN}`);
    expect(result.stdout).toContain(`Target: "staging", the job's environment`);
    expect(result.outputs.count).toBe('1');
    expect(result.outputs.files).toBe('');
    expect(JSON.parse(result.outputs.records!)).toEqual([
      expect.objectContaining({
        package: 'acme/web',
        version: '1.2.3',
        target: 'staging',
        outcome: 'recorded',
        attempts: 1,
        record: records()[0],
      }),
    ]);
    expect(result.summary).toContain('### ProGet deployment records');
    expect(result.summary).toContain('| acme/web | 1.2.3 | staging | ✅ recorded |');
    expectKeyOnlyMasked(result);
  });

  // Node routes its own client through the environment's proxy from 24.5 on (`proxyEnv`); the action runs on node24.
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const nodeHasProxyEnv = major > 24 || (major === 24 && minor >= 5);
  (nodeHasProxyEnv ? it : it.skip)(
    "looks the job's environment up through the runner's HTTP_PROXY, with its credentials",
    async () => {
      const proxy = await startLoopbackProxy({ username: 'runner', password: 'pr0xy-secret' });
      try {
        const proxyUrl = proxy.url.replace('http://', 'http://runner:pr0xy-secret@');
        const result = await step({ package: 'acme/web@1.2.3' }, { HTTP_PROXY: proxyUrl });
        expect(result.code).toBe(0);
        expect(records()).toEqual([RUN_RECORD]);
        const toGitHub = proxy.seen.filter((r) => r.target.startsWith(`${github.url}/repos/`));
        expect(toGitHub).toHaveLength(4);
        const credentials = `Basic ${Buffer.from('runner:pr0xy-secret').toString('base64')}`;
        expect(toGitHub.every((r) => r.method === 'GET' && r.proxyAuthorization === credentials)).toBe(true);
        expect(`${result.stdout}${result.stderr}`).not.toContain('pr0xy-secret');
      } finally {
        await proxy.close();
      }
    },
  );

  it('warns about a misspelt `with:` key, naming the input meant, and still records', async () => {
    // The runner passes every `with:` key as INPUT_<KEY>, one action.yml lacks too.
    const result = await step(
      { package: 'acme/web@1.2.3', target: 'staging' },
      { 'INPUT_SCA-STAG': 'Production' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::warning::Unknown input `sca-stag`: did you mean `sca-stage`?\n');
    expect(records()).toEqual([RUN_RECORD]);
  });

  it('records every package at every target', async () => {
    const result = await step({
      package: 'acme/web@1.2.3\nacme/api@4.5.6\n# not this one\nworker',
      version: '7.0.0',
      target: 'eu-1\nus-1',
    });
    expect(result.code).toBe(0);
    const sent = records().map((r) => `${r.GroupName ?? ''}/${r.PackageName}@${r.Version} → ${r.Target}`);
    expect(sent.sort()).toEqual(
      ['acme/web@1.2.3', 'acme/api@4.5.6', '/worker@7.0.0']
        .flatMap((p) => [`${p} → eu-1`, `${p} → us-1`])
        .sort(),
    );
    expect(new Set(records().map((r) => r.Date)).size).toBe(1);
    expect(result.outputs.count).toBe('6');
    expect(github.requests).toEqual([]);
    expectKeyOnlyMasked(result);
  });

  it('records an npm scope as the group and a Package URL by its parts', async () => {
    const result = await step({
      package: '@acme/ui@2.0.0\npkg:maven/org.acme/billing@3.1.0\npkg:npm/%40acme/icons@1.0.1',
      target: 'production',
    });
    expect(result.code).toBe(0);
    expect(records().map((r) => [r.GroupName, r.PackageName, r.Version])).toEqual([
      ['@acme', 'ui', '2.0.0'],
      ['org.acme', 'billing', '3.1.0'],
      ['@acme', 'icons', '1.0.1'],
    ]);
  });

  it('fails on a bad spec before any request, naming the line', async () => {
    const result = await step({ package: 'acme/web@1.2.3\nacme/api@' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::package line 2 "acme/api@": nothing after "@"');
    expect(emulator.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
    expectKeyOnlyMasked(result);
  });

  it('fails on 403 from ProGet even with on-error: warn', async () => {
    const wrong = 'sk-WRONG-KEY-0987654321';
    const result = await step({
      package: 'acme/web@1.2.3',
      target: 'staging',
      'on-error': 'warn',
      'api-key': wrong,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::1 of 1 deployment record not recorded in ProGet feed "internal": acme\/web@1\.2\.3 → staging: .*403/m,
    );
    expect(result.stdout).not.toContain('::warning::');
    expect(emulator.requests).toHaveLength(1);
    expect(`${result.stdout}${result.stderr}${result.outputFile}${result.summary}`.split(wrong)).toHaveLength(
      2,
    );
  });

  it('turns 503s into a warning and a green step with on-error: warn', async () => {
    emulator.setFaults({
      failFirst: { count: 10, status: 503, retryAfter: '0', body: 'Service Unavailable' },
    });
    const result = await step({
      package: 'acme/web@1.2.3',
      target: 'staging',
      'on-error': 'warn',
      retries: '2',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning::1 of 1 deployment record not recorded in ProGet feed "internal".*503/m,
    );
    // The failure is told once, in the verdict's annotation; the table only marks the record failed.
    expect(
      result.stdout.split('responded with 503 Service Unavailable (ProGet 2025.10) after 3 attempts'),
    ).toHaveLength(2);
    expect(result.stdout).toMatch(/^acme\/web +1\.2\.3 +staging +failed +3$/m);
    expect(result.stdout).not.toContain('::error');
    expect(emulator.requests).toHaveLength(3);
    expect(result.outputs.count).toBe('0');
    expect(JSON.parse(result.outputs.records!)[0]).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect(result.summary).toContain('❌ failed');
    expectKeyOnlyMasked(result);
  });

  it('says which permission the token lacks, and that target would do instead', async () => {
    for (const deny of ['jobs', 'deployments'] as const) {
      const { result } = await stepAgainst(`deny ${deny}`, { 'on-error': 'warn' });
      expect(result.code).toBe(1);
      const error = result.stdout.split('\n').find((l) => l.startsWith('::error::'));
      expect(error).toContain('HTTP 403');
      expect(error).toContain('Resource not accessible by integration');
      expect(error).toContain(
        deny === 'jobs' ? 'the token lacks `actions: read`' : 'the token lacks `deployments: read`',
      );
      expect(error).toContain('permissions: { actions: read, deployments: read }');
      expect(error).toContain('set the `target` input');
      expect(emulator.requests).toHaveLength(0);
      expectKeyOnlyMasked(result);
    }
  });

  it('gives up on a GitHub API that does not answer after the timeout', async () => {
    const started = Date.now();
    const { result } = await stepAgainst('hang', { timeout: '1' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::cannot look up the job's environment: GitHub answered nothing to listing this run's jobs/m,
    );
    expect(emulator.requests).toHaveLength(0);
    // Said once, with the way out: a target given skips the lookup.
    expect(`${result.stdout}${result.stderr}`.split("cannot look up the job's environment")).toHaveLength(2);
    expect(result.stdout).toContain(
      'or set the `target` input to where the package was deployed, which skips this lookup',
    );
  });

  it('stops reading a GitHub API answer that goes on past 8 MiB, and says so', async () => {
    const { result, standIn } = await stepAgainst('flood');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::cannot look up the job's environment: the answer to listing this run's jobs was more than 8 MiB, not read, and no page of GitHub's is that large/m,
    );
    expect(result.stdout).toContain('or set the `target` input to where the package was deployed');
    expect(emulator.requests).toHaveLength(0);
    // It hung up: of the 256 MiB on offer, the wire carried the cap and what the sockets buffer.
    expect(standIn.flooded()).toBeLessThan(64 * 1024 * 1024);
  });

  it('reports a GitHub API answer cut short as a failed lookup, not as a run with no jobs', async () => {
    const { result } = await stepAgainst('cut');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::cannot look up the job's environment: GitHub answered nothing to listing this run's jobs \(.+\)/m,
    );
    expect(result.stdout).not.toContain('0 job(s)');
    expect(emulator.requests).toHaveLength(0);
  });

  it('dry run: prints the resolved records and sends nothing', async () => {
    const result = await step({ package: 'acme/web@1.2.3', 'dry-run': 'true' });
    expect(result.code).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    const printed = result.stdout.split('\n').filter((l) => l.startsWith('[dry run] '));
    expect(printed.map((l) => JSON.parse(l.slice('[dry run] '.length)))).toEqual([
      expect.objectContaining({
        PackageName: 'web',
        Version: '1.2.3',
        Target: 'staging',
        UserName: 'octocat',
      }),
    ]);
    expect(result.stdout).toContain(
      'Dry run: 1 record resolved for ProGet feed "internal"; nothing was sent.',
    );
    expect(result.outputs.count).toBe('0');
    expectKeyOnlyMasked(result);
  });

  it('download mode: fetches the package with the deployment headers, so the download is the record', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'proget-download-'));
    try {
      const result = await step({
        package: 'acme/web@1.2.3',
        mode: 'download',
        'feed-type': 'universal',
        'download-to': directory,
      });
      expect(result.code).toBe(0);
      expect(emulator.deployments).toEqual([expect.objectContaining({ source: 'download', auth: 'header' })]);
      expect(emulator.deployments[0]!.record).toMatchObject({
        Target: 'staging',
        PackageName: 'web',
        UserName: 'octocat',
      });
      expect(readdirSync(directory)).toEqual(['web-1.2.3.upack']);
      expect(statSync(join(directory, 'web-1.2.3.upack')).size).toBeGreaterThan(0);
      expect(JSON.parse(result.outputs.records!)[0]).toMatchObject({
        outcome: 'recorded',
        file: join(directory, 'web-1.2.3.upack'),
      });
      expect(result.outputs.files).toBe(join(directory, 'web-1.2.3.upack'));
      expectKeyOnlyMasked(result);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('download mode from a NuGet feed: sends the key as basic api:KEY, as ProGet documents for NuGet', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'proget-download-'));
    try {
      // auth-method is left to action.yml's default (auto).
      const result = await step({
        package: 'pkg:nuget/Newtonsoft.Json@13.0.3',
        mode: 'download',
        'download-to': directory,
      });
      expect(result.code).toBe(0);
      expect(emulator.requests.map((r) => [r.path, r.headers.authorization, r.headers['x-apikey']])).toEqual([
        [
          '/nuget/internal/package/Newtonsoft.Json/13.0.3',
          `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`,
          undefined,
        ],
      ]);
      expect(emulator.deployments).toEqual([expect.objectContaining({ source: 'download', auth: 'basic' })]);
      expect(readdirSync(directory)).toEqual(['Newtonsoft.Json.13.0.3.nupkg']);
      expectKeyOnlyMasked(result);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
