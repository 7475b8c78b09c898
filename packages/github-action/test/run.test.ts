import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runAction } from '../src/run';
import { RUN_RECORD, fakePlatform, httpError } from './fake-platform';
import { fakeGitHub, stagingRun } from './fake-github';

const KEY = 'sk-THE-KEY-1234567890';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const inputs = (extra: Record<string, string> = {}) => ({
  server: emulator.url,
  'api-key': KEY,
  feed: 'internal',
  package: 'acme/web@1.2.3',
  ...extra,
});

describe('runAction (GitHub toolkit faked)', () => {
  it('reads and masks the API key before it reads anything else', async () => {
    const fake = fakePlatform({ inputs: inputs({ target: 'staging' }) });
    await runAction(fake.platform);
    expect(fake.calls.slice(0, 2)).toEqual([
      { method: 'getInput', args: ['api-key'] },
      { method: 'setSecret', args: [KEY] },
    ]);
  });

  it('records with the run context, then writes outputs, summary and the result', async () => {
    const fake = fakePlatform({ inputs: inputs({ target: 'staging' }) });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    expect(emulator.deployments.map((d) => d.record)).toEqual([RUN_RECORD]);
    expect(fake.outputs.count).toBe('1');
    const rows = JSON.parse(fake.outputs.records!);
    expect(rows).toMatchObject([
      { package: 'acme/web', version: '1.2.3', target: 'staging', outcome: 'recorded', attempts: 1 },
    ]);
    expect(fake.summary).toContain('| acme/web | 1.2.3 | staging | ✅ recorded |');
    expect(fake.lines('info')).toContain('Recorded 1 deployment in ProGet feed "internal".');
    expect(fake.apiTokens).toEqual([]);
  });

  it("looks the job's environment up when target is empty, with github-token at GITHUB_API_URL", async () => {
    const api = fakeGitHub(stagingRun());
    const fake = fakePlatform({ inputs: inputs({ timeout: '12' }), api });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    expect(fake.apiTokens).toEqual([
      { token: 'ghs_token-from-the-runner', baseUrl: 'https://api.github.example', timeoutMs: 12_000 },
    ]);
    expect(emulator.deployments.map((d) => d.record.Target)).toEqual(['staging']);
    expect(fake.calls).toContainEqual({ method: 'setSecret', args: ['ghs_token-from-the-runner'] });
    expect(
      fake.lines('debug').some((l) => l.includes('Deployment 9002 to "staging" belongs to job 555')),
    ).toBe(true);
  });

  it('warns about a misspelt input the runner passed on, names the one meant, and still runs', async () => {
    // The runner passes every `with:` key as INPUT_<KEY>, action.yml's or not.
    const env = { 'INPUT_SCA-STAG': 'Production', INPUT_COLOUR: 'blue', INPUT_SERVER: emulator.url };
    const fake = fakePlatform({ inputs: inputs({ target: 'staging' }), env });
    await runAction(fake.platform);
    expect(fake.lines('warning')).toEqual([
      'Unknown input `sca-stag`: did you mean `sca-stage`?',
      'Unknown input `colour`: this step has no such input, and ignores it',
    ]);
    expect(fake.failed).toBeUndefined();
    expect(emulator.deployments.map((d) => d.record)).toEqual([RUN_RECORD]);
  });

  it('validates every input before any request: a bad spec fails before the REST lookup and before ProGet', async () => {
    const api = fakeGitHub(stagingRun());
    const fake = fakePlatform({ inputs: inputs({ package: 'acme/web@1.2.3\nnot a spec@' }), api });
    await runAction(fake.platform);
    expect(fake.failed).toMatch(/^package line 2 "not a spec@"/);
    expect(api.requests).toEqual([]);
    expect(fake.apiTokens).toEqual([]);
    expect(emulator.requests).toEqual([]);
    expect(fake.outputs).toEqual({});
  });

  it('fails naming the permission and the target input when the token may not read the jobs', async () => {
    const api = fakeGitHub(stagingRun(), { jobs: httpError(403, 'Resource not accessible by integration') });
    const fake = fakePlatform({ inputs: inputs({ 'on-error': 'warn' }), api });
    await runAction(fake.platform);
    expect(fake.failed).toContain('the token lacks `actions: read`');
    expect(fake.failed).toContain('`target`');
    expect(emulator.requests).toEqual([]);
  });

  it('on-error: warn forgives a GitHub API outage (nothing recorded, a warning, outputs still set)', async () => {
    const api = fakeGitHub(stagingRun(), { deployments: httpError(502, 'Bad Gateway') });
    const fake = fakePlatform({ inputs: inputs({ 'on-error': 'warn' }), api });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    expect(fake.lines('warning')).toEqual([
      expect.stringMatching(
        /^Nothing recorded: cannot look up the job's environment: GitHub answered HTTP 502/,
      ),
    ]);
    expect(fake.outputs).toEqual({
      compliance: '',
      'unresolved-issues': '',
      records: '[]',
      'records-file': expect.stringMatching(/proget-deployments-records-.*\.json$/),
      count: '0',
      files: '',
      sca: '',
    });

    const strict = fakePlatform({ inputs: inputs(), api });
    await runAction(strict.platform);
    expect(strict.failed).toMatch(/HTTP 502/);
  });

  it('on-error: warn turns ProGet 503s into one warning that says why once, and a green step', async () => {
    emulator.setFaults({ failFirst: { count: 100, status: 503, retryAfter: '0' } });
    const fake = fakePlatform({
      inputs: inputs({ target: 'staging\nproduction', 'on-error': 'warn', retries: '1' }),
    });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    const warnings = fake.calls.filter((c) => c.method === 'warning');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.args[0])).toMatch(
      /^2 of 2 deployment records not recorded in ProGet feed "internal": acme\/web@1\.2\.3 → staging and 1 other record: .* responded with 503 Service Unavailable \(ProGet 2025\.10\) after 2 attempts — /,
    );
    expect(fake.log().split('503 Service Unavailable')).toHaveLength(2);
    expect(fake.outputs.count).toBe('0');
    expect(emulator.requests).toHaveLength(4);
  });

  it('fails on a rejected key even with on-error: warn, saying why once', async () => {
    const fake = fakePlatform({
      inputs: inputs({ 'api-key': 'sk-WRONG-KEY-0987654321', target: 'staging', 'on-error': 'warn' }),
    });
    await runAction(fake.platform);
    expect(fake.failed).toMatch(/not recorded.*403 Forbidden/);
    expect(fake.log().split('403 Forbidden')).toHaveLength(2);
    expect(fake.everything()).not.toContain('sk-WRONG-KEY-0987654321');
  });

  it('dry run: resolves and prints the records (key redacted), sends nothing', async () => {
    const fake = fakePlatform({
      inputs: inputs({ target: 'staging', 'dry-run': 'true', url: `https://ci.example/run?key=${KEY}` }),
    });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    expect(emulator.requests).toEqual([]);
    const printed = fake.lines('info').filter((l) => l.startsWith('[dry run] '));
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!.slice('[dry run] '.length))).toMatchObject({
      Target: 'staging',
      Url: 'https://ci.example/run?key=***',
    });
    expect(fake.outputs.count).toBe('0');
    expect(fake.summary).toContain('(dry run)');
    expect(fake.everything()).not.toContain(KEY);
  });

  it('never writes the key, even where the user put it in another input', async () => {
    const fake = fakePlatform({ inputs: inputs({ target: 'staging', description: `deployed with ${KEY}` }) });
    await runAction(fake.platform);
    expect(fake.everything()).not.toContain(KEY);
    expect(emulator.deployments[0]!.record.Description).toBe(`deployed with ${KEY}`);
  });
});
