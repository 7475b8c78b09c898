// The mapping from task inputs, service connection and agent settings to core, through a fake platform.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AZURE_INPUT_NAMES, InvalidInputError, resolvePlan } from '@proget-deploy/core/internal';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { FIXTURES } from '@proget-deploy/testkit';
import { agentTransport } from '../src/agent-transport';
import { readQuietly } from '../src/quiet-read';
import { runTask } from '../src/run-task';
import { readTaskInputs } from './read-inputs';

import { fakePlatform } from './fake-platform';

const KEY = 'az-THE-KEY-1234567890';

describe('readTaskInputs', () => {
  it('takes server and key from the service connection, ignoring typed server/apiKey', () => {
    const platform = fakePlatform({
      inputs: {
        proGetService: 'ep-1',
        server: 'https://typed.example',
        apiKey: 'typed-key',
        feed: 'f',
        userName: 'me',
      },
      endpoints: { 'ep-1': { url: 'https://proget.example/', password: KEY } },
    });
    const { raw, names } = readTaskInputs(platform);
    expect(raw).toMatchObject({ server: 'https://proget.example/', apiKey: KEY, feed: 'f', user: 'me' });
    expect(platform.inputsRead).not.toContain('server');
    expect(platform.inputsRead).not.toContain('apiKey');
    expect(platform.secrets).toEqual([KEY]);
    // Messages send the user to the connection, the thing they can change.
    expect(names.apiKey).toBe('the password (API key) of the proGetService service connection');
    expect(names.feed).toBe('feed');
  });

  it('takes server and apiKey typed into the task when connectionType is manual', () => {
    const platform = fakePlatform({
      inputs: {
        connectionType: 'manual',
        server: 'https://proget.example',
        apiKey: KEY,
        proGetService: 'ep-1',
      },
      endpoints: { 'ep-1': { url: 'https://other.example', password: 'other' } },
    });
    const { raw, names } = readTaskInputs(platform);
    expect(raw).toMatchObject({ server: 'https://proget.example', apiKey: KEY });
    expect(platform.secrets).toEqual([KEY]);
    expect(platform.inputsRead).not.toContain('proGetService');
    expect(names).toEqual(AZURE_INPUT_NAMES);
    // The key is read (and masked) before any other input but the connection type.
    expect(platform.inputsRead.slice(0, 2)).toEqual(['connectionType', 'apiKey']);
  });

  it.each([
    ['C:\\agent\\_work\\1\\s', undefined],
    ['C:\\agent\\_work\\1\\s\\', undefined],
    ['C:\\agent\\_work\\1\\s/', undefined],
    ['C:\\agent\\_work\\1\\s\\sbom\\web.cdx.json', 'C:\\agent\\_work\\1\\s\\sbom\\web.cdx.json'],
  ])(
    'takes an sbom of %j on a Windows agent as %j (the agent fills an empty filePath with the working directory)',
    (sbom, expected) => {
      const platform = fakePlatform({
        inputs: { proGetService: 'ep', feed: 'f', sbom },
        endpoints: { ep: { url: 'https://proget.example/', password: KEY } },
        variables: {
          'System.DefaultWorkingDirectory': 'C:\\agent\\_work\\1\\s',
          'Build.SourcesDirectory': 'C:\\agent\\_work\\1\\s',
        },
      });
      expect(readTaskInputs(platform).raw.sbom).toBe(expected);
    },
  );

  it('rejects an unknown connection type, a missing connection and a connection without a URL', () => {
    expect(() => readTaskInputs(fakePlatform({ inputs: { connectionType: 'ftp' } }))).toThrow(
      new InvalidInputError('connectionType must be serviceConnection or manual, not "ftp"'),
    );
    expect(() => readTaskInputs(fakePlatform({ inputs: {} }))).toThrow(/^proGetService is required: /);
    expect(() =>
      readTaskInputs(
        fakePlatform({ inputs: { proGetService: 'gone' }, endpoints: { gone: { password: KEY } } }),
      ),
    ).toThrow('the proGetService service connection "gone" has no server URL');
  });

  it('names the service connection when its URL is not one', () => {
    const { raw, names } = readTaskInputs(
      fakePlatform({
        inputs: { proGetService: 'ep', feed: 'f', package: 'a@1', target: 't' },
        endpoints: { ep: { url: 'proget' } },
      }),
    );
    expect(() => resolvePlan(raw, { application: 'Azure Pipelines' }, names)).toThrow(
      /^the URL of the proGetService service connection "proget" is not a URL/,
    );
  });
});

describe("the agent's own network settings", () => {
  const CA = join(FIXTURES, 'ca.pem');

  it('connects directly when the agent has no proxy for the server (HTTPS_PROXY is not the agent setting)', () => {
    expect(agentTransport(fakePlatform({ proxy: null }), 'https://proget.example')).toEqual({
      proxy: 'none',
    });
  });

  it("uses the agent's proxy with its credentials, and its CA and client certificate", () => {
    const platform = fakePlatform({
      proxy: { proxyUrl: 'http://proxy:8080', proxyUsername: 'u', proxyPassword: 'pw', proxyBypassHosts: [] },
      certs: {
        caFile: '/agent/ca.pem',
        certFile: '/agent/c.pem',
        keyFile: '/agent/k.pem',
        certArchiveFile: '/agent/c.pfx',
        passphrase: 'pp',
      },
    });
    expect(agentTransport(platform, 'https://proget.example')).toEqual({
      proxy: { url: 'http://proxy:8080', username: 'u', password: 'pw' },
      caFile: '/agent/ca.pem',
      clientCertificate: {
        certFile: '/agent/c.pem',
        keyFile: '/agent/k.pem',
        pfxFile: '/agent/c.pfx',
        passphrase: 'pp',
      },
    });
  });

  it('leaves out empty proxy credentials', () => {
    expect(
      agentTransport(
        fakePlatform({ proxy: { proxyUrl: 'http://proxy:8080', proxyUsername: '', proxyPassword: '' } }),
        'https://proget.example',
      ),
    ).toEqual({ proxy: { url: 'http://proxy:8080' } });
  });

  it("trusts the agent's CA beside the typed one, both read as the plan is made", () => {
    const plan = resolvePlan(
      { server: 'https://proget.example', feed: 'f', package: 'a@1', target: 't', caCert: CA },
      { application: 'Azure Pipelines' },
      AZURE_INPUT_NAMES,
      { env: {}, agent: () => ({ proxy: 'none', caFile: CA }) },
    );
    const pem = readFileSync(CA, 'utf8').trim();
    expect(plan.transport).toEqual({ proxy: 'none', extraCas: [pem, pem] });
  });

  it("names the agent's CA file when it cannot be read, before any request", () => {
    expect(() =>
      resolvePlan(
        { server: 'https://proget.example', feed: 'f', package: 'a@1', target: 't' },
        { application: 'Azure Pipelines' },
        AZURE_INPUT_NAMES,
        { env: {}, agent: () => ({ proxy: 'none', caFile: '/agent/ca.pem' }) },
      ),
    ).toThrow(`the agent's CA certificate "/agent/ca.pem" cannot be read: no such file`);
  });
});

describe('readQuietly', () => {
  function output() {
    const stdout = new PassThrough();
    const written: string[] = [];
    stdout.on('data', (chunk: Buffer) => written.push(String(chunk)));
    const events: string[] = [];
    let current: NodeJS.WritableStream = stdout;
    return {
      written,
      events,
      write: (text: string) => current.write(text),
      io: {
        stdout,
        setStdStream: (stream: NodeJS.WritableStream) => {
          current = stream;
        },
        setSecret: (value: string) => {
          events.push(`setSecret ${value}`);
          stdout.write(`##vso[task.setsecret]${value}\n`);
        },
      },
    };
  }

  it("holds back task-lib's echo of a secret until the secret is registered, then writes it masked", async () => {
    const o = output();
    const value = readQuietly(
      o.io,
      () => {
        o.write(`##vso[task.debug]apiKey=${KEY}\n`);
        return KEY;
      },
      (v) => [v],
    );
    o.write('after\n');
    await new Promise((r) => setImmediate(r));
    expect(value).toBe(KEY);
    expect(o.written.join('')).toBe(`##vso[task.setsecret]${KEY}\n##vso[task.debug]apiKey=***\nafter\n`);
  });

  it('masks every secret registered before in later held lines, and escapes control characters', async () => {
    const o = output();
    readQuietly(
      o.io,
      () => KEY,
      (v) => [v],
    );
    readQuietly(
      o.io,
      () => o.write(`##vso[task.debug]feed=bad\x1b${KEY}\n`),
      () => [],
    );
    await new Promise((r) => setImmediate(r));
    expect(o.written.join('')).toBe(`##vso[task.setsecret]${KEY}\n##vso[task.debug]feed=bad\\x1B***\n`);
  });

  it("breaks the commands in task-lib's echo of a value, keeping task-lib's own command whole", async () => {
    const o = output();
    readQuietly(
      o.io,
      () => {
        // task-lib escapes the data's newlines as %0A; the agent shows them as lines again.
        o.write('##vso[task.debug]feed=##vso[task.prependpath]/tmp/evil %AZP25 ##[set-output name=a]b\n');
        o.write('##vso[task.debug]target=a%0A::add-mask::x%0A  ::stop-commands::y\n');
        o.write('::warning::not from task-lib\n');
      },
      () => [],
    );
    await new Promise((r) => setImmediate(r));
    expect(o.written.join('')).toBe(
      '##vso[task.debug]feed=# #vso[task.prependpath]/tmp/evil %AZP25 # #[set-output name=a]b\n' +
        '##vso[task.debug]target=a%0A: :add-mask::x%0A  : :stop-commands::y\n' +
        ': :warning::not from task-lib\n',
    );
  });

  it('restores the output when the read throws, and prints nothing it held', async () => {
    const o = output();
    expect(() =>
      readQuietly(
        o.io,
        () => {
          o.write(`echo ${KEY}\n`);
          throw new Error('endpoint missing');
        },
        () => [],
      ),
    ).toThrow('endpoint missing');
    o.write('after\n');
    await new Promise((r) => setImmediate(r));
    expect(o.written.join('')).toBe('after\n');
  });
});

describe('runTask', () => {
  let emulator: Emulator;
  let tempDir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    tempDir = mkdtempSync(join(tmpdir(), 'azure-task-unit-'));
  });
  afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

  const agent = (inputs: Record<string, string>) => ({
    inputs: { proGetService: 'ep', feed: 'internal', package: 'acme/web@1.2.3', ...inputs },
    endpoints: { ep: { url: emulator.url, password: KEY } },
    variables: { 'Agent.TempDirectory': tempDir, 'Environment.Name': 'staging', 'Build.RequestedFor': 'Ada' },
  });

  it('records, then sets outputs, uploads the summary from Agent.TempDirectory and succeeds', async () => {
    const platform = fakePlatform(agent({}));
    await expect(runTask(platform)).resolves.toBe('Succeeded');
    expect(
      emulator.deployments.map((d) => [d.record.PackageName, d.record.Target, d.record.UserName]),
    ).toEqual([['web', 'staging', 'Ada']]);
    expect(platform.outputs.count).toBe('1');
    expect(JSON.parse(platform.outputs.records ?? '[]')).toHaveLength(1);
    expect(platform.summaries).toHaveLength(1);
    expect(platform.summaries[0]!.startsWith(tempDir)).toBe(true);
    expect(readFileSync(platform.summaries[0]!, 'utf8')).toContain(
      '| acme/web | 1.2.3 | staging | ✅ recorded |',
    );
    expect(platform.results).toEqual([
      { result: 'Succeeded', message: 'Recorded 1 deployment in ProGet feed "internal".' },
    ]);
  });

  it('warns about a misspelt input the agent passed on, names the one meant, and still records', async () => {
    const platform = fakePlatform(agent({ scaStag: 'Production' }));
    await expect(runTask(platform)).resolves.toBe('Succeeded');
    expect(platform.log.filter((line) => line.startsWith('warning: '))).toEqual([
      'warning: Unknown input `scastag`: did you mean `scaStage`?',
    ]);
    expect(emulator.deployments).toHaveLength(1);
  });

  it('fails on invalid input without outputs, summary or request', async () => {
    const platform = fakePlatform(agent({ timeout: 'soon' }));
    await expect(runTask(platform)).resolves.toBe('Failed');
    expect(platform.results).toEqual([
      { result: 'Failed', message: 'timeout must be a number from 1 to 600, not "soon"' },
    ]);
    expect(platform.outputs).toEqual({});
    expect(platform.summaries).toEqual([]);
    expect(emulator.requests).toHaveLength(0);
  });

  it("fails with a one-line reason when the agent's proxy setting is unusable, without the proxy password", async () => {
    const platform = fakePlatform({
      ...agent({}),
      proxy: { proxyUrl: 'http://[bad', proxyPassword: 'proxy-secret-pw' },
    });
    await expect(runTask(platform)).resolves.toBe('Failed');
    expect(platform.results).toHaveLength(1);
    expect(platform.results[0]!.message).toMatch(/proxy/);
    expect(platform.results[0]!.message).not.toContain('proxy-secret-pw');
    expect(emulator.requests).toHaveLength(0);
  });
});
