import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { stagingRun } from './fake-github';
import { startGitHubApi, type GitHubApiStandIn } from './github-api-stand-in';
import { runBundle, type StepResult } from './run-bundle';
import { FIXTURES } from '@proget-deploy/testkit';

// SCA build promotion (sca-project, sca-build, sca-stage, sbom) through the committed bundle, run as a runner
// runs it, against the emulator: a system key that may manage builds, and a feed key that may not.
const SYSTEM_KEY = 'sk-SYSTEM-KEY-manage-builds-123';
const FEED_KEY = 'sk-FEED-KEY-download-only-456';
const SBOM = join(FIXTURES, 'sbom', 'web-1.2.3.cdx.json');
const RUN_URL = 'https://github.com/acme/shop/actions/runs/4242/attempts/2';

let emulator: Emulator;
let github: GitHubApiStandIn;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [SYSTEM_KEY, FEED_KEY],
    sca: { projects: ['Web'], stages: ['Staging', 'Production'], apiKeys: [SYSTEM_KEY] },
  });
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

const step = (inputs: Record<string, string>, key = SYSTEM_KEY) =>
  runBundle(
    { server: emulator.url, 'api-key': key, 'sca-project': 'Web', ...inputs },
    { GITHUB_API_URL: github.url },
  );
const web = () => emulator.sca.project('Web')!;
const scaOutput = (result: StepResult) => JSON.parse(result.outputs.sca!) as Record<string, unknown>;

function expectKeyOnlyMasked(result: StepResult, key = SYSTEM_KEY): void {
  expect(result.stdout.split('\n').filter((l) => l.includes(key))).toEqual([`::add-mask::${key}`]);
  for (const text of [result.stderr, result.outputFile, result.summary]) expect(text).not.toContain(key);
}

describe('SCA build promotion in the GitHub Action bundle', () => {
  it("records, then creates the build and promotes it to the job's environment, with the run's link", async () => {
    const result = await step({ feed: 'internal', package: 'acme/web@1.2.3' });
    expect(result.code).toBe(0);
    expect(emulator.deployments.map((d) => d.record.Target)).toEqual(['staging']);
    const build = web().builds[0]!;
    expect(build).toMatchObject({
      version: '1.2.3',
      url: RUN_URL,
      stage: 'Staging',
      comments: [
        { by: 'octocat', comment: `Deployed to staging by octocat with GitHub Actions: ${RUN_URL}` },
      ],
    });
    const viewBuildUrl = `${emulator.url}/projects2/builds/build?buildId=${build.id}`;
    expect(scaOutput(result)).toMatchObject({
      project: 'Web',
      build: '1.2.3',
      stage: 'staging',
      url: viewBuildUrl,
      steps: [
        { step: 'build', outcome: 'done', attempts: 1 },
        { step: 'promote', outcome: 'done', attempts: 1 },
        { step: 'comment', outcome: 'done', attempts: 1 },
      ],
    });
    expect(result.outputs.count).toBe('1');
    expect(result.summary).toContain('| acme/web | 1.2.3 | staging | ✅ recorded |');
    expect(result.summary).toContain(`[view the build in ProGet](${viewBuildUrl})`);
    expect(result.stdout).toContain(
      `Promoted SCA build 1.2.3 of "Web" to "staging"; ProGet's verdict: Compliant.`,
    );
    expectKeyOnlyMasked(result);
  });

  it('imports an SBOM, then promotes the existing build without packages, feed or environment lookup', async () => {
    expect((await step({ feed: 'internal', package: 'web@1.2.3', target: 'Staging', sbom: SBOM })).code).toBe(
      0,
    );
    github.requests.length = 0;
    const result = await step({ 'sca-build': '1.2.3', 'sca-stage': 'Production' });
    expect(result.code).toBe(0);
    expect(github.requests).toEqual([]);
    expect(emulator.deployments).toHaveLength(1);
    expect(web().builds).toHaveLength(1);
    expect(web().builds[0]).toMatchObject({
      stage: 'Production',
      promotions: ['Staging', 'Production'],
      sboms: 1,
    });
    expect(web().builds[0]!.packages.map((p) => p.purl)).toEqual([
      'pkg:npm/left-pad@1.3.0',
      'pkg:nuget/Newtonsoft.Json@13.0.3',
      'pkg:nuget/System.Memory@4.5.5',
    ]);
    expect(result.outputs.records).toBe('[]');
    expect(result.summary).not.toContain('| Package |');
    expect(result.summary).toContain('| Promote to the stage | ✅ done |');
  });

  it("promotes to the job's environment without packages when sca-stage is empty", async () => {
    const result = await step({ 'sca-build': '7.0.0' });
    expect(result.code).toBe(0);
    expect(github.requests.length).toBeGreaterThan(0);
    expect(emulator.deployments).toEqual([]);
    expect(web().builds[0]).toMatchObject({ version: '7.0.0', stage: 'Staging' });
    expect(web().builds[0]!.comments[0]!.comment).toBe(
      `Deployed to staging by octocat with GitHub Actions: ${RUN_URL}`,
    );
  });

  it('asks for sca-stage when there are two targets, before any request', async () => {
    const result = await step({ feed: 'internal', package: 'web@1.2.3', target: 'staging\nproduction' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::sca-stage is required: the stage to promote build 1.2.3 of "Web" to, e.g. Production; 2 targets were given (staging, production), so the stage is not clear',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('fails with what key the SCA API needs when given a feed key, after recording', async () => {
    const result = await step({ feed: 'internal', package: 'web@1.2.3', target: 'Staging' }, FEED_KEY);
    expect(result.code).toBe(1);
    expect(emulator.deployments).toHaveLength(1);
    // Told once, in the step's failure, with ProGet's words as ProGet's and the way out.
    expect(result.stdout).toMatch(
      /^::error::Recorded 1 deployment in ProGet feed "internal"\. SCA build 1\.2\.3 of "Web" not promoted to "Staging" \(build step failed\): .*403 Forbidden \(ProGet 2025\.10\) — ProGet said: .* — ProGet's SCA API does not accept feed API keys: set sca-api-key to a system API key with "Manage Builds & Projects", or a personal API key whose user has Projects_Manage\.$/m,
    );
    expect(result.stdout.split('403 Forbidden')).toHaveLength(2);
    expect(scaOutput(result)).toMatchObject({
      steps: [
        { step: 'build', outcome: 'failed' },
        { step: 'promote', outcome: 'skipped' },
        { step: 'comment', outcome: 'skipped' },
      ],
    });
    expect(web().builds).toEqual([]);
    expectKeyOnlyMasked(result, FEED_KEY);
  });

  it('records with the feed key and promotes with sca-api-key, printing neither', async () => {
    const result = await step(
      { feed: 'internal', package: 'web@1.2.3', target: 'Staging', 'sca-api-key': SYSTEM_KEY },
      FEED_KEY,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Recorded 1 deployment in ProGet feed "internal". Promoted SCA build 1.2.3 of "Web" to "Staging"; ProGet's verdict: Compliant.`,
    );
    expect(emulator.requests.map((r) => `${r.path.split('?')[0]} ${r.headers['x-apikey']}`)).toEqual([
      `/api/package-deployment/ ${FEED_KEY}`,
      `/api/sca/builds ${SYSTEM_KEY}`,
      `/api/sca/promote-build ${SYSTEM_KEY}`,
      `/api/sca/comments ${SYSTEM_KEY}`,
    ]);
    expectKeyOnlyMasked(result, FEED_KEY);
    expectKeyOnlyMasked(result, SYSTEM_KEY);
  });

  it('shows the requests of a dry run and sends none', async () => {
    const result = await step({
      feed: 'internal',
      package: 'web@1.2.3',
      target: 'Staging',
      sbom: SBOM,
      'dry-run': 'true',
    });
    expect(result.code).toBe(0);
    expect(emulator.requests).toEqual([]);
    expect(result.stdout).toContain(
      `[dry run] POST ${emulator.url}/api/sca/import ${SBOM} (CycloneDX JSON, 3 components)`,
    );
    expect(result.stdout).toContain(
      `[dry run] POST ${emulator.url}/api/sca/promote-build?project=Web&version=1.2.3&build=1.2.3&stage=Staging`,
    );
    expect(
      (scaOutput(result).steps as { step: string; outcome: string }[]).map((s) => `${s.step} ${s.outcome}`),
    ).toEqual(['build dry-run', 'sbom dry-run', 'promote dry-run', 'issues dry-run', 'comment dry-run']);
  });
});
