// What a user trusts the tool to do with inputs, servers and secrets, each as the behaviour a user would notice:
// one validation rule set, downloads kept inside their folder, credentials only for the server, duplicates,
// plain-http warnings, what on-error warn forgives, redirects, redaction before any cut, platform limits.
// Deadlines are in packages/core/test/deadlines.test.ts; the same behaviours against the three committed
// bundles are in packages/adversarial.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { startHostileServer } from '@proget-deploy/testkit';
import {
  AuthError,
  AZURE_INPUT_NAMES,
  BatchResults,
  bodyExcerpt,
  CLI_INPUT_NAMES,
  DeploymentError,
  errorFromResponse,
  GITHUB_INPUT_NAMES,
  InvalidInputError,
  type Logger,
  NetworkError,
  NotFoundError,
  type RawInputs,
  recordsOutput,
  Redactor,
  RejectedError,
  renderMarkdownSummary,
  renderTextTable,
  resolvePlan,
  runPlan,
  type RunReport,
  ServerError,
  summaryRows,
  TimeoutError,
  TlsError,
  urlCredentials,
  writeRecordsFile,
  guardOf,
  type DownloadPlan,
} from '@proget-deploy/core/internal';
import {} from '@proget-deploy/core/internal';

const KEY = 'TRUST-key-0123456789abcdef';

/** A plan's fields as these tests read them, whatever the step does. */
const fields = (plan: unknown) => plan as Partial<DownloadPlan>;
const NOW = new Date('2026-11-25T12:00:00.000Z');
const CONTEXT = { application: 'Test CI', description: 'Deployed by test' };
const BASE: RawInputs = {
  server: 'https://proget.example.com',
  apiKey: KEY,
  feed: 'apps',
  package: 'web@1.0.0',
  target: 'prod',
};

const plan = (raw: RawInputs, names = GITHUB_INPUT_NAMES) =>
  resolvePlan({ ...BASE, ...raw }, CONTEXT, names, { now: () => NOW });
const problem = (raw: RawInputs, names = GITHUB_INPUT_NAMES) => {
  try {
    plan(raw, names);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, debug: push('debug'), info: push('info'), warning: push('warning'), error: push('error') };
}

describe('one validation rule set for every field, before any request', () => {
  it.each<[string, RawInputs, string]>([
    [
      'ESC in a name',
      { package: 'we\x1bb@1.0.0' },
      'package line 1 "we\\x1Bb@1.0.0": the line contains a control character (\\x1B at position 3)',
    ],
    ['DEL in a version', { package: 'web@1.0\x7f' }, 'contains a control character (\\x7F at position 8)'],
    [
      'a C0 character in the feed',
      { feed: 'ap\x01ps' },
      'feed "ap\\x01ps" contains a control character (\\x01 at position 3)',
    ],
    ['ESC in a target', { target: 'pr\x1b[31mod' }, 'target "pr\\x1B[31mod" contains a control character'],
    ['a space through purl encoding', { package: 'pkg:nuget/a%20b@1' }, 'the name "a b" contains whitespace'],
    [
      'CR LF through purl encoding',
      { package: 'pkg:nuget/a%0D%0AX-Evil:1@1' },
      'the name "a\\x0D\\x0AX-Evil:1" contains a control character (\\x0D at position 2)',
    ],
    [
      'a zero-width space',
      { package: 'w\u200beb@1.0.0' },
      'contains an invisible or bidi-override character (\\u200B at position 2)',
    ],
    [
      'a bidi override',
      { target: 'prod\u202e' },
      'contains an invisible or bidi-override character (\\u202E at position 5)',
    ],
    [
      'a 10,000-character name',
      { package: `${'n'.repeat(10_000)}@1` },
      'the line is 10002 characters long; the limit is 2048',
    ],
    ['a 10,000-character version', { package: 'web', version: 'v'.repeat(10_000) }, 'version "vvvvv'],
    [
      'a 10,000-character target',
      { target: 't'.repeat(10_000) },
      'is 10000 characters long; the limit is 255',
    ],
    ['a 5,000-character description', { description: 'd'.repeat(5_000) }, 'the limit is 4000'],
    ['a version with ../', { package: 'web@../../x' }, 'is path-like'],
    ['a name with a .. segment', { package: 'acme/../web@1' }, 'is path-like'],
    [
      'a date in year 9999',
      { date: '9999-12-31T23:59:59Z' },
      'date "9999-12-31T23:59:59.000Z" is out of range',
    ],
    [
      'a date in year 0',
      { date: '0000-01-01' },
      'is out of range: a deployment date is from 1970-01-01 to one day from now',
    ],
    [
      'a server URL with spaces',
      { server: 'https://proget.example.com/ trailing junk' },
      'server contains whitespace or a control character (a space at position 28); a URL has neither',
    ],
    [
      'a server URL with CR LF',
      { server: 'https://proget.example.com/\r\nX: 1' },
      'server contains whitespace or a control character',
    ],
    ['a url input with a tab', { url: 'https://ci.example/\tx' }, 'url contains whitespace'],
    ['a 3,000-character url', { url: `https://ci.example/${'u'.repeat(3_000)}` }, 'the limit is 2048'],
  ])('rejects %s', (_what, raw, message) => {
    expect(problem(raw)).toContain(message);
  });

  it('names the input as the platform spells it', () => {
    expect(problem({ package: 'web@../x' }, CLI_INPUT_NAMES)).toMatch(/^--package line 1 /);
    expect(problem({ target: 'a\x07' }, AZURE_INPUT_NAMES)).toMatch(/^target "a\\x07"/);
    expect(problem({ user: 'bob\x00' }, AZURE_INPUT_NAMES)).toMatch(/^userName /);
  });

  it('accepts a day of clock skew, and the epoch', () => {
    expect(fields(plan({ date: '2026-11-26T11:00:00Z' })).date).toBe('2026-11-26T11:00:00.000Z');
    expect(fields(plan({ date: '1970-01-01' })).date).toBe('1970-01-01T00:00:00.000Z');
  });

  it('never quotes a download-url with credentials, and refuses it', () => {
    const message = problem({
      mode: 'download',
      feedType: 'universal',
      downloadUrl: 'https://bob:hunter2@proget.example.com/x',
    });
    expect(message).toBe(
      'download-url must not carry credentials (user:password@); the key comes from api-key',
    );
  });
});

describe('downloads stay inside download-to', () => {
  let emulator: Emulator;
  beforeAll(async () => (emulator = await startEmulator({ feeds: { apps: { type: 'universal' } } })));
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  const download = (raw: RawInputs) =>
    runPlan(
      resolvePlan(
        {
          ...BASE,
          server: emulator.url,
          mode: 'download',
          feedType: 'universal',
          downloadTo: '/tmp/trust-never',
          ...raw,
        },
        CONTEXT,
        GITHUB_INPUT_NAMES,
        { now: () => NOW },
      ),
      { log: capture() },
    );

  it.each<[string, RawInputs, string]>([
    [
      'a version ../../../x',
      { package: 'web@../../../x' },
      'package line 1 "web@../../../x": the version "../../../x" is path-like',
    ],
    [
      'a purl name ..%2F..%2Fescaped',
      { package: 'pkg:generic/..%2F..%2Fescaped@1' },
      'the name "../../escaped" is path-like',
    ],
    [
      'a download-url ending in ..%2F..%2Fx',
      { downloadUrl: `${'http://127.0.0.1:1'}/files/..%2F..%2Fx` },
      'is not a plain file name',
    ],
    [
      'an npm name with a slash',
      { package: '@acme/a/b@1', feedType: 'npm' },
      'the file name "acme-a/b-1.tgz" is not a plain file name',
    ],
  ])('refuses %s before any request', async (_what, raw, message) => {
    const fixed = raw.downloadUrl
      ? { ...raw, downloadUrl: raw.downloadUrl.replace('http://127.0.0.1:1', emulator.url) }
      : raw;
    await expect(Promise.resolve().then(() => download(fixed))).rejects.toThrow(message);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('credentials go only to the server origin', () => {
  it('refuses a download-url on another origin when a key would be sent', () => {
    expect(problem({ mode: 'download', downloadUrl: 'https://cdn.example.net/web-1.0.0.upack' })).toBe(
      "download-url is on cdn.example.net, not on server's origin (https://proget.example.com): the API key is only sent to server; set allow-cross-origin-key to true if cdn.example.net should receive it",
    );
    expect(
      problem({ mode: 'download', downloadUrl: 'http://proget.example.com/x.upack' }, CLI_INPUT_NAMES),
    ).toContain('set --allow-cross-origin-key to true');
  });

  it('allows it anonymously, or when the user opts in, and then warns naming the host', async () => {
    expect(
      fields(plan({ apiKey: '', mode: 'download', downloadUrl: 'https://cdn.example.net/x' })).download
        ?.crossOriginHost,
    ).toBeUndefined();
    const hostile = await startHostileServer(() => ({ kind: 'respond', status: 200, body: 'file' }));
    try {
      const logger = capture();
      const report = await runPlan(
        resolvePlan(
          {
            ...BASE,
            server: 'http://localhost:1',
            mode: 'download',
            downloadUrl: `${hostile.url}/pkg.upack`,
            allowCrossOriginKey: 'true',
            downloadTo: tmpdir(),
          },
          CONTEXT,
          GITHUB_INPUT_NAMES,
          { now: () => NOW },
        ),
        { log: logger },
      );
      expect(report.outcome).toBe('success');
      expect(logger.lines).toContain(
        `warning: The API key is sent to ${new URL(hostile.url).host}, which is not server's host (allow-cross-origin-key is true).`,
      );
    } finally {
      await hostile.close();
    }
  });

  it('never follows a redirect: the key cannot travel to another host that way', async () => {
    const elsewhere = await startHostileServer(() => ({ kind: 'respond', status: 200, body: 'ok' }));
    const mover = await startHostileServer(() => ({
      kind: 'redirect',
      status: 307,
      location: `${elsewhere.url}/api/package-deployment/`,
    }));
    try {
      const report = await runPlan(
        resolvePlan({ ...BASE, server: mover.url }, CONTEXT, GITHUB_INPUT_NAMES, { now: () => NOW }),
        { log: capture() },
      );
      expect(report.outcome).toBe('failure');
      expect(report.message).toContain('answered 307 Temporary Redirect');
      expect(mover.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await Promise.all([mover.close(), elsewhere.close()]);
    }
  });
});

describe('duplicates are sent once, and the summary says how many were dropped', () => {
  let emulator: Emulator;
  beforeAll(async () => (emulator = await startEmulator()));
  afterAll(() => emulator.close());

  it('one record for a package given three ways at a target given twice', async () => {
    const report = await runPlan(
      plan({
        server: emulator.url,
        package: 'acme/web@1.2.3\nacme/web@1.2.3\npkg:generic/acme/web@1.2.3',
        target: 'prod\nprod',
      }),
      { log: capture() },
    );
    expect(emulator.deployments).toHaveLength(1);
    expect(report.duplicates).toBe(5);
    expect(report.message).toBe(
      'Recorded 1 deployment in ProGet feed "apps". 5 duplicate records were dropped.',
    );
  });
});

describe('a key over plain http to another machine is announced', () => {
  it('warns for a remote http host, not for loopback or https', async () => {
    const hostile = await startHostileServer(() => ({ kind: 'respond', status: 200, body: '' }));
    try {
      const loopback = capture();
      await runPlan(plan({ server: hostile.url }), { log: loopback });
      expect(loopback.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
      const remote = capture();
      // A host under .invalid never resolves (RFC 6761): the warning comes before the request fails.
      await runPlan(plan({ server: 'http://proget.invalid', retries: '0' }), { log: remote });
      expect(remote.lines[0]).toBe(
        'warning: The API key is sent to proget.invalid over plain http: anyone on the network path can read it; use https://.',
      );
    } finally {
      await hostile.close();
    }
  });
});

describe('on-error warn forgives only what may heal by itself', () => {
  const error = (status: number) =>
    errorFromResponse(status, '', 'text/plain', {
      host: 'h',
      attempts: 1,
      timeoutMs: 1,
    });

  it.each([401, 403, 404, 405, 301, 302, 307, 308, 400, 410])('%i is a configuration error', (status) => {
    expect(error(status).isConfigurationError).toBe(true);
  });

  it.each([500, 502, 503, 504, 408, 429])('%i may heal', (status) => {
    expect(error(status).isConfigurationError).toBe(false);
  });

  it('network failures and timeouts may heal; TLS failures and bad input do not', () => {
    expect(new NetworkError('x').isConfigurationError).toBe(false);
    expect(new TimeoutError('x').isConfigurationError).toBe(false);
    expect(new ServerError('x').isConfigurationError).toBe(false);
    for (const e of [
      new TlsError('x'),
      new InvalidInputError('x'),
      new AuthError('x'),
      new NotFoundError('x'),
      new RejectedError('x'),
    ])
      expect((e as DeploymentError).isConfigurationError).toBe(true);
  });

  it('a 404 with on-error warn fails the run', async () => {
    const emulator = await startEmulator({ feeds: { other: { type: 'universal' } } });
    try {
      const report = await runPlan(plan({ server: emulator.url, onError: 'warn' }), {
        log: capture(),
      });
      expect(report.outcome).toBe('failure');
    } finally {
      await emulator.close();
    }
  });
});

describe('a 3xx says what it is', () => {
  it('names the status text', () => {
    const moved = errorFromResponse(
      301,
      '',
      '',
      { host: 'h', attempts: 1, timeoutMs: 1 },
      'https://new.example/',
    );
    expect(moved.message).toBe('the server at h answered 301 Moved Permanently');
  });
});

describe("ProGet's answers are read only up to a cap", () => {
  it('refuses an SCA answer of more than 1 MiB without holding it, and promotes nothing after it', async () => {
    const hostile = await startHostileServer((request) =>
      request.path.startsWith('/api/sca/builds')
        ? { kind: 'respond', status: 200, body: `{"viewBuildUrl":"${'x'.repeat(2 * 1024 * 1024)}"}` }
        : { kind: 'respond', status: 200, body: '' },
    );
    try {
      const report = await runPlan(
        resolvePlan(
          { ...BASE, server: hostile.url, scaProject: 'Web', scaStage: 'Production' },
          CONTEXT,
          GITHUB_INPUT_NAMES,
          { now: () => NOW },
        ),
        { log: capture() },
      );
      expect(report.outcome).toBe('failure');
      expect(report.sca!.steps.map((s) => [s.step, s.outcome])).toEqual([
        ['build', 'failed'],
        ['promote', 'skipped'],
        ['comment', 'skipped'],
      ]);
      expect(report.sca!.steps[0]!.error!.describe()).toContain(
        "the server answered 200 with more than 1 MiB, which no SCA answer of ProGet's is; it was not read",
      );
      expect(hostile.requests.map((r) => r.path.split('?')[0])).toEqual([
        '/api/package-deployment/',
        '/api/sca/builds',
      ]);
    } finally {
      await hostile.close();
    }
  });
});

describe('redaction before any cut', () => {
  const redactor = new Redactor([KEY]);

  it.each([280, 290, 295, 297, 299, 300, 310])(
    'an error body echoing the key at %i characters shows no part of it',
    (at) => {
      const body = `${'x'.repeat(at)}${KEY}${'y'.repeat(50)}`;
      const excerpt = bodyExcerpt(body, 'text/plain', redactor);
      for (let n = 4; n <= KEY.length; n += 1) expect(excerpt).not.toContain(KEY.slice(0, n));
    },
  );

  it('masks a secret cut off by a read limit at the edge (4 or more of its characters)', () => {
    expect(redactor.maskCutEdge(`body ${KEY.slice(0, 4)}`)).toBe('body ***');
    expect(redactor.maskCutEdge(`body ${KEY.slice(0, 3)}`)).toBe(`body ${KEY.slice(0, 3)}`);
  });

  it('masks the key inside HTML entities once they are decoded', () => {
    const encoded = [...KEY].map((c) => `&#${c.charCodeAt(0)};`).join('');
    expect(bodyExcerpt(`<html><body>${encoded}</body></html>`, 'text/html', redactor)).toBe('***');
  });

  it('finds the credentials a URL carries, for the platform to mask', () => {
    expect(urlCredentials('https://api:s3cr%2Ft@proget.example/?key=k3y&x=1')).toEqual([
      's3cr%2Ft',
      'k3y',
      's3cr/t',
    ]);
    expect(urlCredentials('https://TOKENONLY@proget.example/')).toEqual(['TOKENONLY']);
    expect(urlCredentials('https://proget.example/')).toEqual([]);
  });
});

describe('terminal output escapes control characters from input and servers', () => {
  it('escapes ESC, CR and bidi in what is printed, keeping newlines', () => {
    expect(new Redactor().redact('a\x1b[2Jb\rc\u202ed\ne')).toBe('a\\x1B[2Jb\\x0Dc\\u202Ed\ne');
  });
});

describe("the platforms' limits on outputs and summaries", () => {
  const report: RunReport = {
    action: 'record',
    server: 'https://proget.example.com',
    feed: 'apps',
    dryRun: false,
    recorded: 10_000,
    failed: 0,
    skipped: 0,
    duplicates: 0,
    outcome: 'success',
    forgiven: false,
    message: 'Recorded 10000 deployments in ProGet feed "apps".',
    headline: 'Recorded 10000 deployments in ProGet feed "apps".',
    results: BatchResults.from(
      Array.from({ length: 10_000 }, (_, i) => ({
        outcome: 'recorded' as const,
        attempts: 1,
        record: {
          Application: 'App',
          Description: 'Deployed by a long description of the run '.repeat(2),
          Target: 'production-eu-west-1',
          FeedName: 'apps',
          PackageName: `package-number-${i}`,
          Version: `1.0.${i}`,
        },
      })),
    ),
  };

  it('keeps the markdown summary under 1 MiB with a note of the full counts', () => {
    const markdown = renderMarkdownSummary(report, guardOf(new Redactor()), {
      fullList: 'the records-file output',
    });
    expect(Buffer.byteLength(markdown)).toBeLessThan(1_048_576);
    expect(markdown).toMatch(
      /Only the first \d+ of 10000 records are shown \(10000 recorded, 0 failed, 0 skipped\); every record is in the records-file output\.\n$/,
    );
  });

  it('keeps the records output a JSON array of whole rows within the budget', () => {
    const rows = [...summaryRows(report, guardOf(new Redactor()))];
    const { json, cut } = recordsOutput(rows, 256_000);
    expect(cut).toBe(true);
    expect(json.length).toBeLessThanOrEqual(256_000);
    expect(JSON.parse(json).length).toBeGreaterThan(100);
    expect(recordsOutput(rows.slice(0, 3), 256_000)).toEqual({
      json: JSON.stringify(rows.slice(0, 3)),
      cut: false,
    });
  });

  it('makes the records output without building the rows it leaves out', () => {
    let made = 0;
    const counted = (function* () {
      for (const row of summaryRows(report, guardOf(new Redactor()))) {
        made += 1;
        yield row;
      }
    })();
    const { json } = recordsOutput(counted, 256_000);
    expect(made).toBe((JSON.parse(json) as unknown[]).length + 1);
  });

  it('writes every row to the records file, as one JSON array', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-file-'));
    try {
      const all = readFileSync(writeRecordsFile(dir, summaryRows(report, guardOf(new Redactor()))), 'utf8');
      expect(all).toBe(JSON.stringify([...summaryRows(report, guardOf(new Redactor()))]));
      expect(readFileSync(writeRecordsFile(dir, []), 'utf8')).toBe('[]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a small run whole', () => {
    const small = { ...report, results: BatchResults.from([...report.results].slice(0, 2)), recorded: 2 };
    expect(renderMarkdownSummary(small, guardOf(new Redactor()))).not.toContain('Only the first');
    expect(renderTextTable(small, guardOf(new Redactor())).split('\n')).toHaveLength(4);
  });
});
