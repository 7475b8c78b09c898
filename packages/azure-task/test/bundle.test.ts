// The committed bundle, run as the agent runs it, against the ProGet emulator on loopback.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import {
  cleanupTempDirs,
  commandsNamed,
  completion,
  outputVariable,
  runTaskBundle,
  startLoopbackProxy,
  tempFiles,
  type BundleRun,
} from '@proget-deploy/testkit';

const KEY = 'az-THE-KEY-1234567890';
const ENDPOINT = 'b7e3c1d2-5f4a-4e8b-9c0d-1a2b3c4d5e6f';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(cleanupTempDirs);

/** A Generic service connection as the agent hands it to a task. */
function serviceConnection(url: string, key: string): Record<string, string> {
  return {
    INPUT_CONNECTIONTYPE: 'serviceConnection',
    INPUT_PROGETSERVICE: ENDPOINT,
    [`ENDPOINT_URL_${ENDPOINT}`]: url,
    [`ENDPOINT_AUTH_${ENDPOINT}`]: JSON.stringify({
      parameters: { username: '', password: key },
      scheme: 'UsernamePassword',
    }),
    [`ENDPOINT_AUTH_PARAMETER_${ENDPOINT}_PASSWORD`]: key,
  };
}

/** The variables of a YAML deployment job (`environment: production`). */
const YAML_DEPLOYMENT_JOB = {
  BUILD_REQUESTEDFOR: 'Ada Lovelace',
  BUILD_DEFINITIONNAME: 'web-cd',
  BUILD_BUILDNUMBER: '20261125.3',
  BUILD_BUILDID: '1234',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
  SYSTEM_TEAMPROJECT: 'Web Shop',
  ENVIRONMENT_NAME: 'production',
};

/**
 * What every run must show: the key in exactly one place, the command that tells the agent to mask it,
 * registered before the task logs anything of its own; and task-lib's strings found inside the bundle.
 */
function expectCleanOutput(run: BundleRun, key = KEY): void {
  expectNoResourceWarnings(run);
  const withKey = run.lines.filter((line) => line.includes(key));
  expect(withKey).toEqual([`##vso[task.setsecret]${key}`]);
  expect(run.stderr).not.toContain(key);
  expect(
    tempFiles(run)
      .filter((file) => file.text.includes(key))
      .map((file) => file.path),
  ).toEqual([]);
  // Registered before the task says anything of its own (task-lib's start-up debug lines carry no input values).
  const firstOwnLine = run.lines.findIndex(
    (line) => !line.startsWith('##vso[task.debug]') && !line.startsWith('##vso[task.setsecret]'),
  );
  expect(run.lines.indexOf(`##vso[task.setsecret]${key}`)).toBeLessThan(firstOwnLine);
}

/** task-lib's strings are bundled with it: a lookup that failed would print one of these. */
function expectNoResourceWarnings(run: BundleRun): void {
  expect(run.stdout).not.toMatch(/Resource file haven't been set|can't find loc string|LIB_[A-Za-z]+/i);
}

function recordsOutput(run: BundleRun): Array<Record<string, unknown>> {
  return JSON.parse(outputVariable(run, 'records') ?? 'null') as Array<Record<string, unknown>>;
}

describe('the task bundle, run as the agent runs it', () => {
  it('records a YAML deployment job: environment as target, requester, build link; outputs and summary', async () => {
    const started = Date.now();
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, KEY),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3\n# a comment line\n@scope/lib@2.0.0',
    });

    expect(run.code).toBe(0);
    expect(completion(run)).toEqual({
      command: 'task.complete',
      properties: { result: 'Succeeded' },
      message: 'Recorded 2 deployments in ProGet feed "internal".',
    });
    const date = emulator.deployments[0]?.record.Date ?? '';
    expect(Date.parse(date)).toBeGreaterThanOrEqual(started - 1000);
    const common = {
      Application: 'Azure Pipelines',
      Description: 'Deployed by pipeline "web-cd" build 20261125.3',
      Target: 'production',
      FeedName: 'internal',
      UserName: 'Ada Lovelace',
      Url: 'https://dev.azure.com/contoso/Web%20Shop/_build/results?buildId=1234',
      Date: date,
    };
    expect(emulator.deployments.map((d) => [d.auth, d.record])).toEqual([
      ['header', { ...common, PackageName: 'web', Version: '1.2.3', GroupName: 'acme' }],
      ['header', { ...common, PackageName: 'lib', Version: '2.0.0', GroupName: '@scope' }],
    ]);

    expect(outputVariable(run, 'count')).toBe('2');
    // Each row links to the version's page in ProGet, whose History tab shows the record.
    const page = (group: string, name: string, version: string) =>
      `${emulator.url}/feeds/internal/${group}/${name}/${version}`;
    expect(recordsOutput(run).map((r) => [r.package, r.version, r.target, r.outcome, r.link])).toEqual([
      ['acme/web', '1.2.3', 'production', 'recorded', page('acme', 'web', '1.2.3')],
      ['@scope/lib', '2.0.0', 'production', 'recorded', page('@scope', 'lib', '2.0.0')],
    ]);
    const summaries = commandsNamed(run, 'task.uploadsummary');
    expect(summaries).toHaveLength(1);
    const summaryPath = summaries[0]!.message;
    expect(summaryPath.startsWith(run.tempDir)).toBe(true);
    const summary = readFileSync(summaryPath, 'utf8');
    expect(summary).toContain('### ProGet deployment records');
    expect(summary).toContain('| acme/web | 1.2.3 | production | ✅ recorded |');
    expect(summary).toContain('| @scope/lib | 2.0.0 | production | ✅ recorded |');
    expectCleanOutput(run);
    expect(commandsNamed(run, 'task.issue')).toEqual([]);
  });

  it('warns about a misspelt input the agent passed on, naming the one meant, and still records', async () => {
    // The agent passes every input the pipeline sets, known or not; task-lib removes them all as it loads.
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, KEY),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3',
      INPUT_SCASTAG: 'Production',
    });
    expect(completion(run).properties.result).toBe('Succeeded');
    expect(commandsNamed(run, 'task.issue').map((c) => [c.properties.type, c.message])).toEqual([
      ['warning', 'Unknown input `scastag`: did you mean `scaStage`?'],
    ]);
    expect(emulator.deployments).toHaveLength(1);
  });

  it('records a classic release: stage as target, release requester and link', async () => {
    const run = await runTaskBundle({
      ...serviceConnection(`${emulator.url}/`, KEY),
      BUILD_REQUESTEDFOR: 'Project Collection Build Service',
      BUILD_BUILDID: '1234',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
      SYSTEM_TEAMPROJECT: 'Web Shop',
      RELEASE_RELEASEID: '77',
      RELEASE_RELEASENAME: 'Release-77',
      RELEASE_DEFINITIONNAME: 'web-release',
      RELEASE_REQUESTEDFOR: 'Grace Hopper',
      RELEASE_RELEASEWEBURL: 'https://dev.azure.com/contoso/Web%20Shop/_release?releaseId=77',
      RELEASE_ENVIRONMENTNAME: 'Stage 2',
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'web',
      INPUT_VERSION: '3.1.0',
    });

    expect(completion(run).properties.result).toBe('Succeeded');
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      {
        Application: 'Azure Pipelines',
        Description: 'Deployed by release "web-release" Release-77',
        Target: 'Stage 2',
        FeedName: 'internal',
        PackageName: 'web',
        Version: '3.1.0',
        UserName: 'Grace Hopper',
        Url: 'https://dev.azure.com/contoso/Web%20Shop/_release?releaseId=77',
        Date: emulator.deployments[0]?.record.Date,
      },
    ]);
    expectCleanOutput(run);
  });

  it('takes server and apiKey typed into the task (manual), every record detail from inputs, basic auth', async () => {
    const run = await runTaskBundle({
      ...YAML_DEPLOYMENT_JOB,
      INPUT_CONNECTIONTYPE: 'manual',
      INPUT_SERVER: emulator.url,
      INPUT_APIKEY: KEY,
      INPUT_AUTHMETHOD: 'basic',
      INPUT_FEED: 'maven-releases',
      INPUT_PACKAGE: 'com.acme:billing@4.0.1',
      INPUT_TARGET: 'app-01\napp-02',
      INPUT_APPLICATION: 'Billing',
      INPUT_DESCRIPTION: 'Hotfix 4.0.1',
      INPUT_USERNAME: 'ops-team',
      INPUT_URL: 'https://tickets.example.com/CHG-1',
      INPUT_DATE: '2026-11-25T10:30:00+02:00',
    });

    expect(completion(run).properties.result).toBe('Succeeded');
    const record = {
      Application: 'Billing',
      Description: 'Hotfix 4.0.1',
      FeedName: 'maven-releases',
      PackageName: 'billing',
      Version: '4.0.1',
      GroupName: 'com.acme',
      UserName: 'ops-team',
      Url: 'https://tickets.example.com/CHG-1',
      Date: '2026-11-25T08:30:00.000Z',
    };
    expect(emulator.deployments.map((d) => [d.auth, d.record])).toEqual([
      ['basic', { ...record, Target: 'app-01' }],
      ['basic', { ...record, Target: 'app-02' }],
    ]);
    expectCleanOutput(run);
  });

  it('fails a bad package line before any request, naming the line', async () => {
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, KEY),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3\nacme/api 1.0.0',
    });

    expect(run.code).toBe(0);
    expect(completion(run).properties.result).toBe('Failed');
    expect(completion(run).message).toBe(
      'package line 2 "acme/api 1.0.0": a package spec has no spaces; put one package per line',
    );
    expect(commandsNamed(run, 'task.issue').map((c) => [c.properties.type, c.message])).toEqual([
      ['error', completion(run).message],
    ]);
    expect(emulator.requests).toHaveLength(0);
    expect(commandsNamed(run, 'task.setvariable')).toEqual([]);
    expectCleanOutput(run);
  });

  it('fails on 403 even with onError warn, and names the service connection to fix', async () => {
    const wrongKey = 'az-WRONG-KEY-0987654321';
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, wrongKey),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3\nacme/api@1.0.0\nacme/worker@1.0.0',
      INPUT_ONERROR: 'warn',
      INPUT_CONCURRENCY: '1',
    });

    const done = completion(run);
    expect(done.properties.result).toBe('Failed');
    expect(done.message).toContain('responded with 403 Forbidden');
    expect(done.message).toContain('The specified API key does not have the proper permissions');
    expect(done.message).toContain('check the password (API key) of the proGetService service connection');
    // A wrong key costs one request, not one per record.
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.deployments).toHaveLength(0);
    expect(recordsOutput(run).map((r) => r.outcome)).toEqual(['failed', 'skipped', 'skipped']);
    // Skipped records were never sent: they say so, rather than repeat the 403 they never got.
    expect(recordsOutput(run)[1]).toMatchObject({
      reason: 'not sent: the key was refused for an earlier record',
    });
    expect(recordsOutput(run)[1]!.error).toBeUndefined();
    expect(done.message).toContain('2 records not sent: the key was refused for an earlier record');
    // The failure is told once in the log (plain lines and issues; output variables and the task's completion,
    // which carries the same result, are not log lines).
    const log = run.lines
      .filter((l) => !l.startsWith('##vso[') || l.startsWith('##vso[task.issue'))
      .join('\n');
    expect(log.split('The specified API key does not have the proper permissions')).toHaveLength(2);
    expect(outputVariable(run, 'count')).toBe('0');
    expectCleanOutput(run, wrongKey);
  });

  it('turns a 503 into SucceededWithIssues with onError warn, after retrying', async () => {
    emulator.setFaults({ failFirst: { count: 100, status: 503, body: 'Service Unavailable: maintenance' } });
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, KEY),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3',
      INPUT_ONERROR: 'warn',
      INPUT_RETRIES: '1',
    });

    const done = completion(run);
    expect(done.properties.result).toBe('SucceededWithIssues');
    expect(done.message).toMatch(
      /^1 of 1 deployment record not recorded in ProGet feed "internal": .*503 Service Unavailable \(ProGet 2025\.10\) after 2 attempts/,
    );
    expect(commandsNamed(run, 'task.issue').map((c) => [c.properties.type, c.message])).toEqual([
      ['warning', done.message],
    ]);
    expect(emulator.requests).toHaveLength(2);
    expect(recordsOutput(run).map((r) => [r.outcome, r.attempts])).toEqual([['failed', 2]]);
    expectCleanOutput(run);
  });

  it('goes through the agent proxy with its credentials, and masks the proxy password', async () => {
    const proxyPassword = 'proxy-Pass-987654';
    const proxy = await startLoopbackProxy({ username: 'agent-proxy', password: proxyPassword });
    try {
      const run = await runTaskBundle({
        ...serviceConnection(emulator.url, KEY),
        ...YAML_DEPLOYMENT_JOB,
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: 'acme/web@1.2.3',
        // How the agent passes its proxy: public variables, and the password as a secret variable.
        AGENT_PROXYURL: proxy.url,
        AGENT_PROXYUSERNAME: 'agent-proxy',
        SECRET_AGENT_PROXYPASSWORD: proxyPassword,
        AGENT_PROXYBYPASSLIST: '["\\\\.internal\\\\.example$"]',
      });

      expect(completion(run).properties.result).toBe('Succeeded');
      expect(emulator.deployments).toHaveLength(1);
      const host = new URL(emulator.url).host;
      expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
      expect(proxy.seen.every((s) => s.target.includes(host))).toBe(true);
      expect(
        proxy.seen.every(
          (s) =>
            s.proxyAuthorization ===
            `Basic ${Buffer.from(`agent-proxy:${proxyPassword}`).toString('base64')}`,
        ),
      ).toBe(true);
      expect(commandsNamed(run, 'task.setsecret').map((c) => c.message)).toEqual([KEY, proxyPassword]);
      // task-lib itself logs the agent's proxy variables while it loads, before any task code runs; on an
      // agent that line is masked because Agent.ProxyPassword is a secret variable. Nothing the task writes
      // carries the password.
      const leaks = run.lines.filter(
        (line) => line.includes(proxyPassword) && line !== `##vso[task.setsecret]${proxyPassword}`,
      );
      expect(leaks).toEqual([`##vso[task.debug]Agent.ProxyPassword=${proxyPassword}`]);
      expectCleanOutput(run);
    } finally {
      await proxy.close();
    }
  });

  it('connects directly when the agent bypasses its proxy for the server', async () => {
    const proxy = await startLoopbackProxy({ username: 'agent-proxy', password: 'proxy-Pass-987654' });
    try {
      const run = await runTaskBundle({
        ...serviceConnection(emulator.url, KEY),
        ...YAML_DEPLOYMENT_JOB,
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: 'acme/web@1.2.3',
        AGENT_PROXYURL: proxy.url,
        AGENT_PROXYUSERNAME: 'agent-proxy',
        SECRET_AGENT_PROXYPASSWORD: 'proxy-Pass-987654',
        AGENT_PROXYBYPASSLIST: JSON.stringify(['127\\.0\\.0\\.1']),
      });

      expect(completion(run).properties.result).toBe('Succeeded');
      expect(emulator.deployments).toHaveLength(1);
      expect(proxy.seen).toEqual([]);
      expectCleanOutput(run);
    } finally {
      await proxy.close();
    }
  });

  it('sends nothing in a dry run and shows what it would record', async () => {
    const run = await runTaskBundle({
      ...serviceConnection(emulator.url, KEY),
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3\nacme/api@1.0.0',
      INPUT_DRYRUN: 'true',
    });

    expect(completion(run)).toEqual({
      command: 'task.complete',
      properties: { result: 'Succeeded' },
      message: 'Dry run: 2 records resolved for ProGet feed "internal"; nothing was sent.',
    });
    expect(emulator.requests).toHaveLength(0);
    expect(outputVariable(run, 'count')).toBe('0');
    expect(recordsOutput(run).map((r) => [r.package, r.outcome])).toEqual([
      ['acme/web', 'dry-run'],
      ['acme/api', 'dry-run'],
    ]);
    expect(run.lines.filter((line) => line.startsWith('[dry run] '))).toHaveLength(2);
    expectCleanOutput(run);
  });

  it('records by downloading the package with the custom-record headers in download mode', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'azure-task-work-'));
    try {
      const run = await runTaskBundle({
        ...serviceConnection(emulator.url, KEY),
        ...YAML_DEPLOYMENT_JOB,
        SYSTEM_DEFAULTWORKINGDIRECTORY: workDir,
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: 'acme/web@1.2.3',
        INPUT_MODE: 'download',
        INPUT_FEEDTYPE: 'universal',
        INPUT_DOWNLOADTO: 'packages',
      });

      expect(completion(run).properties.result).toBe('Succeeded');
      expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([
        ['GET', '/upack/internal/download/acme/web/1.2.3'],
      ]);
      expect(emulator.deployments.map((d) => [d.source, d.auth, d.record.Target, d.record.UserName])).toEqual(
        [['download', 'header', 'production', 'Ada Lovelace']],
      );
      const file = join(workDir, 'packages', 'web-1.2.3.upack');
      expect(statSync(file).size).toBe(1024);
      expect(recordsOutput(run).map((r) => [r.outcome, r.file])).toEqual([['recorded', file]]);
      expect(
        commandsNamed(run, 'task.setvariable').find((c) => c.properties.variable === 'files'),
      ).toMatchObject({ properties: { isOutput: 'true' }, message: file });
      expectCleanOutput(run);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('download mode from an npm feed: sends the key as basic api:KEY with authMethod auto (the default)', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'azure-task-work-'));
    try {
      const run = await runTaskBundle({
        ...serviceConnection(emulator.url, KEY),
        ...YAML_DEPLOYMENT_JOB,
        SYSTEM_DEFAULTWORKINGDIRECTORY: workDir,
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: '@acme/ui@4.5.6',
        INPUT_MODE: 'download',
        INPUT_FEEDTYPE: 'npm',
        // What the agent passes for an input left at task.json's defaultValue.
        INPUT_AUTHMETHOD: 'auto',
      });

      expect(completion(run).properties.result).toBe('Succeeded');
      expect(emulator.requests.map((r) => [r.path, r.headers.authorization, r.headers['x-apikey']])).toEqual([
        [
          '/npm/internal/%40acme/ui/-/ui-4.5.6.tgz',
          `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`,
          undefined,
        ],
      ]);
      expect(emulator.deployments.map((d) => [d.source, d.auth])).toEqual([['download', 'basic']]);
      expect(statSync(join(workDir, 'acme-ui-4.5.6.tgz')).size).toBe(1024);
      expectCleanOutput(run);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('fails without a service connection before any request, saying what to choose', async () => {
    const run = await runTaskBundle({
      ...YAML_DEPLOYMENT_JOB,
      INPUT_FEED: 'internal',
      INPUT_PACKAGE: 'acme/web@1.2.3',
    });

    expect(completion(run).properties.result).toBe('Failed');
    expect(completion(run).message).toMatch(
      /^proGetService is required: choose a Generic service connection/,
    );
    expect(emulator.requests).toHaveLength(0);
  });
});
