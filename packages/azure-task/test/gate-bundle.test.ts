// ProGet as the release gate through the committed task bundle, run as the agent runs it, against the emulator.
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { cleanupTempDirs, completion, outputVariable, runTaskBundle } from '@proget-deploy/testkit';

const KEY = 'az-GATE-KEY-0123456789';
const ENDPOINT = 'a1b2c3d4-5f4a-4e8b-9c0d-1a2b3c4d5e6f';
const LODASH = { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'], apiKeys: [KEY] } });
});
afterEach(() => {
  emulator.reset();
  cleanupTempDirs();
});
afterAll(() => emulator.close());

const task = (inputs: Record<string, string>) =>
  runTaskBundle({
    INPUT_CONNECTIONTYPE: 'serviceConnection',
    INPUT_PROGETSERVICE: ENDPOINT,
    [`ENDPOINT_URL_${ENDPOINT}`]: emulator.url,
    [`ENDPOINT_AUTH_${ENDPOINT}`]: JSON.stringify({
      parameters: { username: '', password: KEY },
      scheme: 'UsernamePassword',
    }),
    [`ENDPOINT_AUTH_PARAMETER_${ENDPOINT}_PASSWORD`]: KEY,
    INPUT_FEED: 'apps',
    INPUT_PACKAGE: 'web@1.2.3',
    INPUT_TARGET: 'Production',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  });

describe('the release gate in the Azure DevOps task bundle', () => {
  it('a noncompliant verdict fails the task, with compliance and unresolvedIssues set', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const run = await task({ scaProject: 'Web' });
    expect(completion(run).properties.result).toBe('Failed');
    expect(completion(run).message).toMatch(/ProGet judged it Noncompliant: 1 unresolved issue/);
    expect(outputVariable(run, 'compliance')).toBe('Noncompliant');
    expect(outputVariable(run, 'unresolvedIssues')).toBe('1');
    expect(outputVariable(run, 'count')).toBe('1');
  });

  it('onNoncompliant warn succeeds with issues', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const run = await task({ scaProject: 'Web', onNoncompliant: 'warn' });
    expect(completion(run).properties.result).toBe('SucceededWithIssues');
  });

  it('mode audit records nothing; promoteToFeed promotes the deployed version once', async () => {
    await task({ scaProject: 'Web' });
    const audit = await task({
      mode: 'audit',
      scaProject: 'Web',
      scaBuild: '1.2.3',
      package: '',
      target: '',
    });
    expect(completion(audit).properties.result).toBe('Succeeded');
    expect(outputVariable(audit, 'compliance')).toBe('Compliant');
    expect(emulator.deployments).toHaveLength(1);
    const promoted = await task({ promoteToFeed: 'prod', target: 'eu\nus' });
    expect(completion(promoted).properties.result).toBe('Succeeded');
    expect(emulator.promotions.map((p) => [p.name, p.toFeed])).toEqual([['web', 'prod']]);
  });
});
