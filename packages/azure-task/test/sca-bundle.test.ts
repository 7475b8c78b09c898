// SCA build promotion (scaProject, scaBuild, scaStage, sbom) through the committed task bundle, run as the
// agent runs it, against the emulator: a system key that may manage builds, and a feed key that may not.
import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import {
  cleanupTempDirs,
  commandsNamed,
  completion,
  outputVariable,
  runTaskBundle,
  type BundleRun,
  FIXTURES,
} from '@proget-deploy/testkit';

const SYSTEM_KEY = 'az-SYSTEM-KEY-manage-builds-123';
const FEED_KEY = 'az-FEED-KEY-download-only-456';
const ENDPOINT = 'c1d2e3f4-5f4a-4e8b-9c0d-1a2b3c4d5e6f';
const BUILD_URL = 'https://dev.azure.com/contoso/Web%20Shop/_build/results?buildId=1234';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [SYSTEM_KEY, FEED_KEY],
    sca: { projects: ['Web'], apiKeys: [SYSTEM_KEY] },
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(cleanupTempDirs);

/** A YAML deployment job (`environment: production`) with a Generic service connection holding the key. */
function job(key: string, inputs: Record<string, string>): Record<string, string> {
  return {
    INPUT_CONNECTIONTYPE: 'serviceConnection',
    INPUT_PROGETSERVICE: ENDPOINT,
    [`ENDPOINT_URL_${ENDPOINT}`]: emulator.url,
    [`ENDPOINT_AUTH_${ENDPOINT}`]: JSON.stringify({
      parameters: { username: '', password: key },
      scheme: 'UsernamePassword',
    }),
    [`ENDPOINT_AUTH_PARAMETER_${ENDPOINT}_PASSWORD`]: key,
    BUILD_REQUESTEDFOR: 'Ada Lovelace',
    BUILD_DEFINITIONNAME: 'web-cd',
    BUILD_BUILDNUMBER: '20261125.3',
    BUILD_BUILDID: '1234',
    SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
    SYSTEM_TEAMPROJECT: 'Web Shop',
    SYSTEM_DEFAULTWORKINGDIRECTORY: FIXTURES,
    ENVIRONMENT_NAME: 'production',
    INPUT_SCAPROJECT: 'Web',
    ...inputs,
  };
}

const web = () => emulator.sca.project('Web')!;
const sca = (run: BundleRun) => JSON.parse(outputVariable(run, 'sca') ?? 'null') as Record<string, unknown>;
const summary = (run: BundleRun) =>
  readFileSync(commandsNamed(run, 'task.uploadsummary')[0]!.message, 'utf8');

function expectKeyOnlyMasked(run: BundleRun, key: string): void {
  expect(run.lines.filter((line) => line.includes(key))).toEqual([`##vso[task.setsecret]${key}`]);
  expect(run.stderr).not.toContain(key);
}

describe('SCA build promotion in the Azure task bundle', () => {
  it('records, then creates the build, imports the SBOM (relative to the working directory) and promotes it to the environment', async () => {
    const run = await runTaskBundle(
      job(SYSTEM_KEY, {
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: 'web@1.2.3',
        INPUT_SBOM: 'sbom/web-1.2.3.cdx.xml',
      }),
    );
    expect(completion(run)).toEqual({
      command: 'task.complete',
      properties: { result: 'Succeeded' },
      message: `Recorded 1 deployment in ProGet feed "internal". Promoted SCA build 1.2.3 of "Web" with its SBOM (2 components) to "production"; ProGet's verdict: Compliant.`,
    });
    const build = web().builds[0]!;
    expect(build).toMatchObject({
      version: '1.2.3',
      url: BUILD_URL,
      stage: 'Production',
      sboms: 1,
      comments: [
        {
          by: 'Ada Lovelace',
          comment: `Deployed to production by Ada Lovelace with Azure Pipelines: ${BUILD_URL}`,
        },
      ],
    });
    expect(build.packages.map((p) => p.name)).toEqual(['left-pad', 'jackson-core']);
    const viewBuildUrl = `${emulator.url}/projects2/builds/build?buildId=${build.id}`;
    expect(sca(run)).toMatchObject({ url: viewBuildUrl, sbom: { components: 2 } });
    expect(summary(run)).toContain(`[view the build in ProGet](${viewBuildUrl})`);
    expect(summary(run)).toContain('| Import the SBOM | ✅ done |');
    expect(outputVariable(run, 'count')).toBe('1');
    expectKeyOnlyMasked(run, SYSTEM_KEY);
  });

  it('promotes an existing build to a given stage without packages or feed', async () => {
    await runTaskBundle(
      job(SYSTEM_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_SCASTAGE: 'Test' }),
    );
    const run = await runTaskBundle(
      job(SYSTEM_KEY, { INPUT_SCABUILD: '1.2.3', INPUT_SCASTAGE: 'Production' }),
    );
    expect(completion(run).properties.result).toBe('Succeeded');
    expect(completion(run).message).toBe(
      `Promoted SCA build 1.2.3 of "Web" to "Production"; ProGet's verdict: Compliant.`,
    );
    expect(web().builds).toHaveLength(1);
    expect(web().builds[0]).toMatchObject({ stage: 'Production', promotions: ['Test', 'Production'] });
    expect(emulator.deployments).toHaveLength(1);
  });

  it('asks for scaStage when there are two targets, before any request', async () => {
    const run = await runTaskBundle(
      job(SYSTEM_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_TARGET: 'web-01\nweb-02' }),
    );
    expect(completion(run).properties.result).toBe('Failed');
    expect(completion(run).message).toBe(
      'scaStage is required: the stage to promote build 1.2.3 of "Web" to, e.g. Production; 2 targets were given (web-01, web-02), so the stage is not clear',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('fails with what key the SCA API needs when the service connection holds a feed key', async () => {
    const run = await runTaskBundle(
      job(FEED_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_ONERROR: 'warn' }),
    );
    expect(completion(run).properties.result).toBe('Failed');
    expect(completion(run).message).toContain(
      `ProGet's SCA API does not accept feed API keys: set scaApiKey to a system API key with "Manage Builds & Projects"`,
    );
    expect(emulator.deployments).toHaveLength(1);
    expect(web().builds).toEqual([]);
    expect((sca(run).steps as { outcome: string }[]).map((s) => s.outcome)).toEqual([
      'failed',
      'skipped',
      'skipped',
    ]);
    expectKeyOnlyMasked(run, FEED_KEY);
  });

  it("records with the service connection's feed key and promotes with scaApiKey, printing neither", async () => {
    const run = await runTaskBundle(
      job(FEED_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_SCAAPIKEY: SYSTEM_KEY }),
    );
    expect(completion(run)).toMatchObject({
      properties: { result: 'Succeeded' },
      message: `Recorded 1 deployment in ProGet feed "internal". Promoted SCA build 1.2.3 of "Web" to "production"; ProGet's verdict: Compliant.`,
    });
    expect(emulator.requests.map((r) => `${r.path.split('?')[0]} ${r.headers['x-apikey']}`)).toEqual([
      `/api/package-deployment/ ${FEED_KEY}`,
      `/api/sca/builds ${SYSTEM_KEY}`,
      `/api/sca/promote-build ${SYSTEM_KEY}`,
      `/api/sca/comments ${SYSTEM_KEY}`,
    ]);
    for (const key of [FEED_KEY, SYSTEM_KEY]) {
      expectKeyOnlyMasked(run, key);
      expect(summary(run)).not.toContain(key);
      expect(outputVariable(run, 'sca')).not.toContain(key);
    }
  });

  it('takes an sbom the agent filled with the working directory (an empty filePath input) as not set', async () => {
    const plain = await runTaskBundle({
      ...job(SYSTEM_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_SBOM: `${FIXTURES}/` }),
      INPUT_SCAPROJECT: '',
    });
    expect(completion(plain).message).toBe('Recorded 1 deployment in ProGet feed "internal".');
    expect(outputVariable(plain, 'sca')).toBe('');
    const promoted = await runTaskBundle(
      job(SYSTEM_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_SBOM: FIXTURES }),
    );
    expect(completion(promoted).properties.result).toBe('Succeeded');
    expect((sca(promoted).steps as { step: string }[]).map((s) => s.step)).toEqual([
      'build',
      'promote',
      'comment',
    ]);
  });

  it('shows the requests of a dry run and sends none', async () => {
    const run = await runTaskBundle(
      job(SYSTEM_KEY, { INPUT_FEED: 'internal', INPUT_PACKAGE: 'web@1.2.3', INPUT_DRYRUN: 'true' }),
    );
    expect(completion(run).properties.result).toBe('Succeeded');
    expect(emulator.requests).toEqual([]);
    expect(run.stdout).toContain(
      `[dry run] POST ${emulator.url}/api/sca/promote-build?project=Web&version=1.2.3&build=1.2.3&stage=production`,
    );
  });
});
