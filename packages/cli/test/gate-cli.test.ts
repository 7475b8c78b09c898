// ProGet as the release gate through the committed CLI bundle: exit code 3 for a noncompliant build, `audit`,
// `--promote-to-feed`, and `compliance` in --json.
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runCli } from '@proget-deploy/testkit';

const KEY = 'cli-GATE-KEY-0123456789';
const LODASH = { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'], apiKeys: [KEY] } });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const cli = (...args: string[]) =>
  runCli(args, { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY, PROGET_FEED: 'apps' });

describe('the release gate in the CLI', () => {
  it('exits 3 when ProGet judges the build noncompliant, saying what was recorded', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const run = await cli(
      'record',
      '--package',
      'web@1.2.3',
      '--target',
      'Production',
      '--sca-project',
      'Web',
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^error: Recorded 1 deployment in ProGet feed "apps"\. Promoted SCA build 1\.2\.3 of "Web" to "Production", but ProGet judged it Noncompliant/m,
    );
    expect(run.stdout).toMatch(/#\d+ V pkg:npm\/lodash@4\.17\.20 CVE-2021-23337/);
  });

  it('exits 0 with --on-noncompliant warn, and says compliance in --json', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const run = await cli(
      'record',
      '--json',
      '--package',
      'web@1.2.3',
      '--target',
      'Production',
      '--sca-project',
      'Web',
      '--on-noncompliant',
      'warn',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'warning', compliance: 'Noncompliant' });
  });

  it('audit: exit 3 on a noncompliant build, 0 on a compliant one, nothing recorded', async () => {
    await cli('record', '--package', 'web@1.2.3', '--target', 'Production', '--sca-project', 'Web');
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    expect((await cli('audit', '--sca-project', 'Web', '--sca-build', '1.2.3')).code).toBe(3);
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'compliant' });
    const ok = await cli('audit', '--sca-project', 'Web', '--sca-build', '1.2.3');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("ProGet's verdict: Compliant.");
    expect(emulator.deployments).toHaveLength(1);
  });

  it('audit without a build is a usage error naming both inputs, before any request', async () => {
    const run = await cli('audit', '--sca-project', 'Web');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'proget-deploy: --mode audit checks one SCA build: set --sca-project and --sca-build (--sca-build is missing)\n',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('--promote-to-feed promotes the recorded version, and the --json results say so', async () => {
    const run = await cli(
      'record',
      '--json',
      '--package',
      'web@1.2.3',
      '--target',
      'a',
      '--target',
      'b',
      '--promote-to-feed',
      'prod',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.promotions).toMatchObject({
      fromFeed: 'apps',
      toFeed: 'prod',
      results: [{ name: 'web', outcome: 'promoted' }],
    });
    expect(json.records.map((r: { promotion: string }) => r.promotion)).toEqual(['promoted', 'promoted']);
  });
});
