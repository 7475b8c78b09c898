// ProGet as the release gate through the committed action bundle, run as a runner runs it, against the
// emulator: ProGet's verdict decides the step, an audit before the deploy, promotion to the production feed.
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runBundle } from './run-bundle';

const KEY = 'sk-GATE-KEY-0123456789';
const LODASH = { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'], apiKeys: [KEY] } });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const step = (inputs: Record<string, string>) =>
  runBundle({
    server: emulator.url,
    'api-key': KEY,
    feed: 'apps',
    package: 'web@1.2.3',
    target: 'Production',
    ...inputs,
  });

describe('the release gate in the GitHub Action bundle', () => {
  it('a compliant promotion sets compliance and unresolved-issues, and succeeds', async () => {
    const result = await step({ 'sca-project': 'Web' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ compliance: 'Compliant', 'unresolved-issues': '0' });
  });

  it('a noncompliant verdict fails the step with its issues in the log, the summary and the outputs', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const result = await step({ 'sca-project': 'Web', 'on-error': 'warn' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::Recorded 1 deployment in ProGet feed "apps"\. Promoted SCA build 1\.2\.3 of "Web" to "Production", but ProGet judged it Noncompliant: 1 unresolved issue/,
    );
    expect(result.stdout).toMatch(/#\d+ V pkg:npm\/lodash@4\.17\.20 CVE-2021-23337/);
    expect(result.summary).toMatch(/- #\d+ V pkg:npm\/lodash@4\.17\.20 CVE-2021-23337/);
    expect(result.outputs).toMatchObject({
      compliance: 'Noncompliant',
      'unresolved-issues': '1',
      count: '1',
    });
    expect(JSON.parse(result.outputs.sca!)).toMatchObject({
      verdict: { statusCode: 'N', judgement: 'noncompliant', blocks: true },
      issues: [{ type: 'V', purl: LODASH.purl, vulnerability: LODASH.vulnerability }],
    });
  });

  it('on-noncompliant: warn succeeds with a warning', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const result = await step({ 'sca-project': 'Web', 'on-noncompliant': 'warn' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::.*ProGet judged it Noncompliant/);
  });

  it('mode audit asks for the verdict and records nothing', async () => {
    await step({ 'sca-project': 'Web' });
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const before = emulator.deployments.length;
    const result = await step({
      mode: 'audit',
      'sca-project': 'Web',
      'sca-build': '1.2.3',
      package: '',
      target: '',
      feed: '',
    });
    expect(result.code).toBe(1);
    expect(emulator.deployments).toHaveLength(before);
    expect(result.outputs).toMatchObject({
      compliance: 'Noncompliant',
      'unresolved-issues': '1',
      count: '0',
    });
  });

  it('promote-to-feed promotes the deployed version, its fate in the records output', async () => {
    const result = await step({ 'promote-to-feed': 'prod', target: 'eu\nus' });
    expect(result.code).toBe(0);
    expect(emulator.promotions.map((p) => [p.name, p.version, p.fromFeed, p.toFeed])).toEqual([
      ['web', '1.2.3', 'apps', 'prod'],
    ]);
    expect(JSON.parse(result.outputs.records!).map((r: { promotion: string }) => r.promotion)).toEqual([
      'promoted',
      'promoted',
    ]);
    expect(result.summary).toContain('| web | 1.2.3 | ✅ promoted |');
  });
});
