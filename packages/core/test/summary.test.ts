import { BatchResults } from '../src/record/batch-results.js';
import { AuthError, ServerError } from '../src/errors.js';
import type { DeploymentRecord } from '../src/proget/deployment-api.js';
import { Redactor } from '../src/output/redactor.js';
import { OutputSink } from '../src/output/sink.js';
import type { RunReport } from '../src/report/run-report.js';
import { renderMarkdownSummary } from '../src/report/markdown-summary.js';
import { renderTextTable, summaryRows } from '../src/report/summary.js';

const KEY = 's3cr3t-key-123';

function record(fields: Partial<DeploymentRecord>): DeploymentRecord {
  return {
    Application: 'GitHub Actions',
    Description: 'Deployed by workflow "deploy"',
    Target: 'production',
    FeedName: 'npm-internal',
    PackageName: 'web',
    Version: '1.0.0',
    Date: '2026-11-25T14:30:00.000Z',
    ...fields,
  };
}

const RUNTIME = record({ GroupName: '@babel', PackageName: 'runtime', Version: '7.24.0' });
const WEB = record({ PackageName: 'web', Version: '1.0.0+build.5', Target: 'eu|west' });
const CLI = record({ GroupName: 'tools/a', PackageName: 'cli', Version: '2.0.0', Target: 'prod' });

function report(server: string, overrides: Partial<RunReport> = {}): RunReport {
  return {
    action: 'record',
    server,
    feed: 'npm-internal',
    dryRun: false,
    duplicates: 0,
    results: BatchResults.from([
      { record: RUNTIME, outcome: 'recorded', attempts: 1 },
      {
        record: WEB,
        outcome: 'failed',
        attempts: 3,
        error: new ServerError('ProGet answered 503 Service Unavailable', {
          status: 503,
          body: 'Down for maintenance',
          answeredBy: 'ProGet',
          hint: 'Try again later, or set on-error: warn',
        }),
      },
      {
        record: CLI,
        outcome: 'skipped',
        attempts: 0,
        reason: 'not sent: the key was refused for an earlier record',
      },
    ]),
    recorded: 1,
    failed: 1,
    skipped: 1,
    outcome: 'failure',
    forgiven: false,
    headline: '2 of 3 deployment records not recorded in ProGet feed "npm-internal".',
    message: '2 of 3 deployment records not recorded in ProGet feed "npm-internal": the reasons',
    ...overrides,
  };
}

/** The sink with nowhere to print: summaries are made safe by it. */
const redactor = new OutputSink({ print() {}, markSecret() {} }, new Redactor([KEY]));

describe('summaryRows', () => {
  it('gives one row per record with its ProGet package page', () => {
    expect([...summaryRows(report('https://proget.example.com'), redactor)]).toEqual([
      {
        package: '@babel/runtime',
        group: '@babel',
        name: 'runtime',
        version: '7.24.0',
        target: 'production',
        outcome: 'recorded',
        attempts: 1,
        link: 'https://proget.example.com/feeds/npm-internal/@babel/runtime/7.24.0',
        record: RUNTIME,
      },
      {
        package: 'web',
        name: 'web',
        version: '1.0.0+build.5',
        target: 'eu|west',
        outcome: 'failed',
        attempts: 3,
        link: 'https://proget.example.com/feeds/npm-internal/web/1.0.0%2Bbuild.5',
        error:
          'ProGet answered 503 Service Unavailable — ProGet said: Down for maintenance — Try again later, or set on-error: warn',
        record: WEB,
      },
      {
        package: 'tools/a/cli',
        group: 'tools/a',
        name: 'cli',
        version: '2.0.0',
        target: 'prod',
        outcome: 'skipped',
        attempts: 0,
        link: 'https://proget.example.com/feeds/npm-internal/tools/a/cli/2.0.0',
        // Never sent: the reason says so; there is no `error` it never got.
        reason: 'not sent: the key was refused for an earlier record',
        record: CLI,
      },
    ]);
  });

  it.each(['https://proget.example.com/proget', 'https://proget.example.com/proget/'])(
    'links under a server with a sub-path: %s',
    (server) => {
      expect([...summaryRows(report(server), redactor)].map((r) => r.link)).toEqual([
        'https://proget.example.com/proget/feeds/npm-internal/@babel/runtime/7.24.0',
        'https://proget.example.com/proget/feeds/npm-internal/web/1.0.0%2Bbuild.5',
        'https://proget.example.com/proget/feeds/npm-internal/tools/a/cli/2.0.0',
      ]);
    },
  );

  it('URL-encodes every segment of the link', () => {
    const odd = record({
      FeedName: 'my feed',
      GroupName: 'a b/c#d',
      PackageName: 'x?y',
      Version: '1.0 beta',
    });
    const [row] = summaryRows(
      {
        ...report('https://proget.example.com/'),
        feed: 'my feed',
        results: BatchResults.from([{ record: odd, outcome: 'recorded', attempts: 1 }]),
      },
      redactor,
    );
    expect(row!.link).toBe('https://proget.example.com/feeds/my%20feed/a%20b/c%23d/x%3Fy/1.0%20beta');
  });

  it('masks the key anywhere in a row', () => {
    const leaky = record({ Description: `deployed with ${KEY}` });
    const [row] = summaryRows(
      {
        ...report('https://proget.example.com'),
        results: BatchResults.from([
          {
            record: leaky,
            outcome: 'failed',
            attempts: 1,
            error: new AuthError(`ProGet rejected the key ${KEY}`, {
              status: 403,
              body: `key=${KEY}`,
              answeredBy: 'ProGet',
            }),
          },
        ]),
      },
      redactor,
    );
    expect(row!.error).toBe('ProGet rejected the key *** — ProGet said: key=***');
    expect(row!.record.Description).toBe('deployed with ***');
    expect(JSON.stringify(row)).not.toContain(KEY);
  });
});

describe('renderMarkdownSummary', () => {
  it('renders a heading, the verdict and one table row per record', () => {
    expect(renderMarkdownSummary(report('https://proget.example.com/proget/'), redactor)).toBe(
      [
        '### ProGet deployment records',
        '',
        '2 of 3 deployment records not recorded in ProGet feed "npm-internal".',
        '',
        '| Package | Version | Target | Outcome | Link |',
        '| --- | --- | --- | --- | --- |',
        '| @babel/runtime | 7.24.0 | production | ✅ recorded | [History](https://proget.example.com/proget/feeds/npm-internal/@babel/runtime/7.24.0) |',
        '| web | 1.0.0+build.5 | eu\\|west | ❌ failed: ProGet answered 503 Service Unavailable — ProGet said: Down for maintenance — Try again later, or set on-error: warn | [History](https://proget.example.com/proget/feeds/npm-internal/web/1.0.0%2Bbuild.5) |',
        '| tools/a/cli | 2.0.0 | prod | ⏭️ not sent: the key was refused for an earlier record | [History](https://proget.example.com/proget/feeds/npm-internal/tools/a/cli/2.0.0) |',
        '',
      ].join('\n'),
    );
  });

  it('marks a dry run in the heading and each row', () => {
    const dry = report('https://proget.example.com', {
      dryRun: true,
      results: BatchResults.from([{ record: RUNTIME, outcome: 'dry-run', attempts: 0 }]),
      headline: 'Dry run: 1 record resolved for ProGet feed "npm-internal"; nothing was sent.',
    });
    const lines = renderMarkdownSummary(dry, redactor).split('\n');
    expect(lines[0]).toBe('### ProGet deployment records (dry run)');
    expect(lines[6]).toBe(
      '| @babel/runtime | 7.24.0 | production | 🔍 dry run | [History](https://proget.example.com/feeds/npm-internal/@babel/runtime/7.24.0) |',
    );
  });

  it('escapes pipes, backslashes and line breaks so the table stays a table', () => {
    const text = renderMarkdownSummary(
      report('https://proget.example.com', {
        headline: 'first line\nsecond | line',
        results: BatchResults.from([
          {
            record: record({ Target: 'a\\b|c' }),
            outcome: 'failed',
            attempts: 1,
            error: new ServerError('bad | gateway', { body: 'line one\r\nline two' }),
          },
        ]),
      }),
      redactor,
    );
    const lines = text.split('\n');
    expect(lines[2]).toBe('first line second \\| line');
    expect(lines[6]).toBe(
      '| web | 1.0.0 | a\\\\b\\|c | ❌ failed: bad \\| gateway — the server said: line one line two | [History](https://proget.example.com/feeds/npm-internal/web/1.0.0) |',
    );
    expect(lines).toHaveLength(8);
  });

  it('masks a key inside an error message', () => {
    const text = renderMarkdownSummary(
      report('https://proget.example.com', {
        results: BatchResults.from([
          {
            record: RUNTIME,
            outcome: 'failed',
            attempts: 1,
            error: new ServerError(
              `POST https://proget.example.com/api/package-deployment/?key=${KEY} failed`,
              {
                hint: `check ${encodeURIComponent(KEY)}`,
              },
            ),
          },
        ]),
      }),
      redactor,
    );
    expect(text).not.toContain(KEY);
    expect(text).toContain(
      // The mask, written as text: `\*\*\*` renders as *** and never as emphasis.
      '❌ failed: POST https://proget.example.com/api/package-deployment/?key=\\*\\*\\* failed — check \\*\\*\\* |',
    );
  });
});

describe('renderTextTable', () => {
  it("aligns the columns and marks each record's fate, leaving why to the verdict (said once)", () => {
    expect(renderTextTable(report('https://proget.example.com'), redactor)).toBe(
      [
        'PACKAGE         VERSION        TARGET      OUTCOME   ATTEMPTS',
        '@babel/runtime  7.24.0         production  recorded  1',
        'web             1.0.0+build.5  eu|west     failed    3',
        'tools/a/cli     2.0.0          prod        not sent  0',
        '',
      ].join('\n'),
    );
  });

  it('masks a key that ended up in a record', () => {
    const text = renderTextTable(
      report('https://proget.example.com', {
        results: BatchResults.from([
          { record: record({ Target: `prod-${KEY}` }), outcome: 'recorded', attempts: 1 },
        ]),
      }),
      redactor,
    );
    expect(text).not.toContain(KEY);
    expect(text).toContain('prod-***');
  });
});
