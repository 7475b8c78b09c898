// SCA build promotion (--sca-project, --sca-build, --sca-stage, --sbom and their PROGET_* variables) through
// the committed CLI bundle against the emulator: exit codes, stdout/stderr, --json, and the build in ProGet.
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { GITLAB_ENV } from './gitlab-env';
import { runCli, FIXTURES } from '@proget-deploy/testkit';

const SYSTEM_KEY = 'cli-SYSTEM-KEY-manage-builds-123';
const FEED_KEY = 'cli-FEED-KEY-download-only-456';
const SBOM = join(FIXTURES, 'sbom', 'web-1.2.3.cdx.json');

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [SYSTEM_KEY, FEED_KEY],
    sca: { projects: ['Web'], apiKeys: [SYSTEM_KEY] },
  });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const env = (key = SYSTEM_KEY, more: Record<string, string> = {}) => ({
  PROGET_SERVER: emulator.url,
  PROGET_API_KEY: key,
  PROGET_SCA_PROJECT: 'Web',
  ...more,
});
const web = () => emulator.sca.project('Web')!;

describe('SCA build promotion with the CLI bundle', () => {
  it("records, creates the build, imports the SBOM and promotes it to GitLab's environment", async () => {
    const run = await runCli(['record', '--feed', 'apps', '--package', 'web@1.2.3', '--sbom', SBOM], {
      ...GITLAB_ENV,
      ...env(),
    });
    expect(run.code).toBe(0);
    const build = web().builds[0]!;
    expect(build).toMatchObject({ version: '1.2.3', stage: 'Production', sboms: 1 });
    expect(build.packages).toHaveLength(3);
    expect(build.comments[0]).toMatchObject({
      by: 'alice',
      comment:
        'Deployed to production by alice with GitLab CI/CD: https://gitlab.example.com/acme/shop/-/jobs/4242',
    });
    expect(build.url).toBe('https://gitlab.example.com/acme/shop/-/jobs/4242');
    expect(run.stdout).toContain(
      `SCA build 1.2.3 of "Web" → stage "production": ${emulator.url}/projects2/builds/build?buildId=${build.id}`,
    );
    expect(run.stdout).toContain(
      `Promoted SCA build 1.2.3 of "Web" with its SBOM (3 components) to "production"; ProGet's verdict: Compliant.`,
    );
    expect(run.stdout + run.stderr).not.toContain(SYSTEM_KEY);
  });

  it('promotes an existing build from the environment variables alone, and says so in --json', async () => {
    await runCli(['record', '--feed', 'apps', '--package', 'web@1.2.3', '--target', 'Test'], env());
    const run = await runCli(
      ['record', '--json'],
      env(SYSTEM_KEY, { PROGET_SCA_BUILD: '1.2.3', PROGET_SCA_STAGE: 'Production', PROGET_SBOM: SBOM }),
    );
    expect(run.code).toBe(0);
    expect(web().builds).toHaveLength(1);
    expect(web().builds[0]).toMatchObject({ stage: 'Production', promotions: ['Test', 'Production'] });
    const json = JSON.parse(run.stdout) as {
      outcome: string;
      records: unknown[];
      sca: Record<string, unknown>;
    };
    expect(json.outcome).toBe('success');
    expect(json.records).toEqual([]);
    expect(json.sca).toMatchObject({
      project: 'Web',
      build: '1.2.3',
      stage: 'Production',
      url: `${emulator.url}/projects2/builds/build?buildId=${web().builds[0]!.id}`,
      sbom: { file: SBOM, components: 3 },
      steps: [
        { step: 'build', outcome: 'done' },
        { step: 'sbom', outcome: 'done' },
        { step: 'promote', outcome: 'done' },
        { step: 'comment', outcome: 'done' },
      ],
    });
  });

  it('exits 2 asking for --sca-stage when there are two targets, before any request', async () => {
    const run = await runCli(
      ['record', '--feed', 'apps', '--package', 'web@1.2.3', '--target', 'web-01', '--target', 'web-02'],
      env(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--sca-stage is required: the stage to promote build 1.2.3 of "Web" to, e.g. Production; 2 targets were given (web-01, web-02), so the stage is not clear',
    );
    expect(run.stdout).toBe('');
    expect(emulator.requests).toEqual([]);
  });

  it('exits 2 on an SBOM that is not CycloneDX, before any request', async () => {
    const spdx = join(FIXTURES, 'sbom', 'web-1.2.3.spdx.json');
    const run = await runCli(
      ['record', '--sca-build', '1.2.3', '--sca-stage', 'Test', '--sbom', spdx],
      env(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--sbom "${spdx}" is not a CycloneDX SBOM: it is JSON but not CycloneDX`);
    expect(emulator.requests).toEqual([]);
  });

  it('exits 1 explaining which keys the SCA API takes when given a feed key', async () => {
    const run = await runCli(
      ['record', '--feed', 'apps', '--package', 'web@1.2.3', '--target', 'Test'],
      env(FEED_KEY),
    );
    expect(run.code).toBe(1);
    expect(emulator.deployments).toHaveLength(1);
    expect(run.stderr).toContain(
      `ProGet's SCA API does not accept feed API keys: set PROGET_SCA_API_KEY to a system API key with "Manage Builds & Projects", or a personal API key whose user has Projects_Manage.`,
    );
    expect(run.stdout + run.stderr).not.toContain(FEED_KEY);
  });

  it('prints the requests of a dry run on stderr and sends none', async () => {
    const run = await runCli(['record', '--dry-run', '--sca-build', '1.2.3', '--sca-stage', 'Test'], env());
    expect(run.code).toBe(0);
    expect(emulator.requests).toEqual([]);
    expect(run.stderr).toContain(
      `[dry run] POST ${emulator.url}/api/sca/builds {"project":"Web","version":"1.2.3"}`,
    );
    expect(run.stderr).toContain(
      `[dry run] POST ${emulator.url}/api/sca/promote-build?project=Web&version=1.2.3&build=1.2.3&stage=Test`,
    );
    expect(run.stdout).toContain(
      'Dry run: SCA build 1.2.3 of "Web" would be promoted to "Test"; nothing was sent.',
    );
  });

  it('records with the feed key and promotes with PROGET_SCA_API_KEY, printing neither', async () => {
    const run = await runCli(
      ['record', '--json', '--feed', 'apps', '--package', 'web@1.2.3', '--target', 'Test'],
      env(FEED_KEY, { PROGET_SCA_API_KEY: SYSTEM_KEY }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ recorded: 1, sca: { stage: 'Test' } });
    expect(emulator.requests.map((r) => `${r.path.split('?')[0]} ${r.headers['x-apikey']}`)).toEqual([
      `/api/package-deployment/ ${FEED_KEY}`,
      `/api/sca/builds ${SYSTEM_KEY}`,
      `/api/sca/promote-build ${SYSTEM_KEY}`,
      `/api/sca/comments ${SYSTEM_KEY}`,
    ]);
    for (const key of [FEED_KEY, SYSTEM_KEY]) expect(run.stdout + run.stderr).not.toContain(key);
  });

  it('warns about --sca-api-key on the command line, and a dry run names the key without printing it', async () => {
    const run = await runCli(
      ['record', '--dry-run', '--sca-build', '1.2.3', '--sca-stage', 'Test', '--sca-api-key', SYSTEM_KEY],
      env(FEED_KEY),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: --sca-api-key on the command line stays in shell history and shows in process lists; set PROGET_SCA_API_KEY instead.',
    );
    expect(run.stderr).toContain('[dry run] The SCA requests would authenticate with --sca-api-key.');
    for (const key of [FEED_KEY, SYSTEM_KEY]) expect(run.stdout + run.stderr).not.toContain(key);
  });
});
