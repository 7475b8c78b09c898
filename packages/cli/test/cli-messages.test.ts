// What a user at a terminal reads, from the committed bundle: every failure told once (the table marks each
// record's fate, one line on stderr says why), in the CLI's own words (`--package-version`, not "the version input"),
// "ProGet said" only when ProGet answered, and `--json` answering every exit with a JSON object.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { runCli, type CliRun } from '@proget-deploy/testkit';

const KEY = 'cli-MSG-KEY-1234567890';
const FEED = 'shop-feed';
const FORBIDDEN = 'The specified API key does not have the proper permissions to perform this action.';

let emulator: Emulator;
let connection: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  connection = { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY, PROGET_FEED: FEED };
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

/** How often `text` appears in everything the run printed (stdout and stderr). */
function occurrences(run: CliRun, text: string): number {
  return `${run.stdout}\n${run.stderr}`.split(text).length - 1;
}

describe('a failure is told once', () => {
  it('a refused key with two records: the table marks both, one stderr line says why and what was not sent', async () => {
    const run = await runCli(
      [
        'record',
        '--package',
        'app@1.2.3',
        '--package',
        'api@2.0.0',
        '--target',
        'web-01',
        '--concurrency',
        '1',
      ],
      { ...connection, PROGET_API_KEY: 'wrong-key' },
    );
    expect(run.code).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(run.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      'PACKAGE  VERSION  TARGET  OUTCOME   ATTEMPTS',
      'app      1.2.3    web-01  failed    1',
      'api      2.0.0    web-01  not sent  0',
      '',
      `2 of 2 deployment records not recorded in ProGet feed "${FEED}".`,
      '',
    ]);
    const host = new URL(emulator.url).host;
    const [ciLine, ...rest] = run.stderr.split('\n');
    expect(ciLine).toMatch(/^CI: none detected \(terminal\): application "proget-deploy"/);
    expect(rest).toEqual([
      `error: 2 of 2 deployment records not recorded in ProGet feed "${FEED}": app@1.2.3 → web-01: ` +
        `${host} responded with 403 Forbidden (ProGet 2025.10) — ProGet said: ${FORBIDDEN} — ` +
        `The API key is unknown, expired, or lacks the Feeds_DownloadPackage privilege on feed "${FEED}"; check PROGET_API_KEY; ` +
        '1 record not sent: the key was refused for an earlier record',
      '',
    ]);
    expect(occurrences(run, FORBIDDEN)).toBe(1);
    expect(occurrences(run, 'CI: ')).toBe(1);
    expect(occurrences(run, 'not sent: the key was refused for an earlier record')).toBe(1);
  });

  it('the same 503 on every record is one reason, not one per record', async () => {
    emulator.setFaults({ failFirst: { count: 100, status: 503, retryAfter: '0' } });
    const run = await runCli(
      ['record', '--package', 'app@1', '--target', 'a', '--target', 'b', '--target', 'c', '--retries', '0'],
      connection,
    );
    expect(run.code).toBe(1);
    expect(occurrences(run, 'responded with 503 Service Unavailable (ProGet 2025.10)')).toBe(1);
    expect(run.stderr).toContain('app@1 → a and 2 other records: 127.0.0.1:');
    expect(run.stdout).toMatch(/^app +1 +c +failed +1$/m);
  });

  it('retries read as progress; the failure itself is told once, at the end', async () => {
    emulator.setFaults({ failFirst: { count: 100, status: 503, retryAfter: '0' } });
    const run = await runCli(['record', '--package', 'app@1', '--target', 'a', '--retries', '2'], connection);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('app@1 → a: attempt 1 of 3 failed (HTTP 503); retrying in 0.0 s');
    expect(run.stderr).toContain('app@1 → a: attempt 2 of 3 failed (HTTP 503); retrying in 0.0 s');
    expect(occurrences(run, '503 Service Unavailable')).toBe(1);
  });

  it('a download cut part way says the server answered and how much arrived, and leaves nothing behind', async () => {
    emulator.setFaults({ truncateDownloads: true });
    const dir = mkdtempSync(join(tmpdir(), 'cli-cut-'));
    try {
      const run = await runCli(
        [
          'download',
          '--feed',
          'apps',
          '--feed-type',
          'universal',
          '--package',
          'acme/web@1.0.0',
          '--target',
          't',
          '--download-to',
          dir,
          '--retries',
          '1',
        ],
        { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY },
      );
      expect(run.code).toBe(1);
      const host = new URL(emulator.url).host;
      expect(run.stderr).toContain(
        'GET /upack/apps/download/acme/web/1.0.0: attempt 1 of 2 failed (UND_ERR_SOCKET); retrying in',
      );
      expect(run.stderr).toContain(
        `error: 1 of 1 deployment record not recorded in ProGet feed "apps": acme/web@1.0.0 → t: ` +
          `${host} answered 200 but the connection closed after 512 of 1024 bytes (UND_ERR_SOCKET: other side closed) — ` +
          'The connection broke during the transfer; it is retried, and a download keeps no partial file. ' +
          'If it keeps happening, a proxy or the server is cutting responses short.\n',
      );
      expect(run.stderr).not.toContain('could not reach');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that cannot be written is one line naming the file and --download-to, sent once, nothing left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-disk-'));
    try {
      const args = ['download', '--feed', 'apps', '--feed-type', 'universal', '--package', 'acme/web@1.0.0'];
      const run = await runCli(
        [...args, '--target', 't', '--download-to', dir, '--retries', '2'],
        { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY },
        undefined,
        true,
      );
      expect(run.code).toBe(1);
      // The one line besides the CI announcement every run starts with; no retry, no network words.
      expect(run.stderr.split('\n').slice(1)).toEqual([
        `error: 1 of 1 deployment record not recorded in ProGet feed "apps": acme/web@1.0.0 → t: ` +
          `cannot save web-1.0.0.upack in ${dir}: EFBIG (file too large) — ` +
          'ProGet may have recorded the deployment; the file was not saved. Check --download-to.',
        '',
      ]);
      expect(emulator.requests).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a dry run names the CI once', async () => {
    const run = await runCli(['record', '--dry-run', '--package', 'app@1', '--target', 'web-01'], connection);
    expect(run.code).toBe(0);
    expect(occurrences(run, 'CI: none detected (terminal)')).toBe(1);
  });
});

describe("who answered: 'ProGet said' only when ProGet did", () => {
  let proxy: Server;
  let proxyUrl: string;
  beforeAll(async () => {
    // A reverse proxy whose upstream is down: nginx's stock page, no X-ProGet-Version.
    proxy = createServer((req, res) => {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      );
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => proxy.close(() => ok())));

  it("names a proxy's 502 by its Server header and never calls it ProGet's words", async () => {
    const run = await runCli(['record', '--package', 'app@1', '--target', 'web-01', '--retries', '0'], {
      ...connection,
      PROGET_SERVER: proxyUrl,
    });
    expect(run.code).toBe(1);
    const host = new URL(proxyUrl).host;
    expect(run.stderr).toContain(
      `app@1 → web-01: the server at ${host} answered 502 Bad Gateway (nginx) after 1 attempt — ProGet or a proxy in front of it failed; see its error log.`,
    );
    expect(occurrences(run, 'ProGet said')).toBe(0);
    expect(occurrences(run, '502 Bad Gateway')).toBe(1);
  });

  it("quotes ProGet's own text as ProGet's", async () => {
    const run = await runCli(['record', '--package', 'app@1', '--target', 'web-01'], {
      ...connection,
      PROGET_API_KEY: 'wrong-key',
    });
    expect(occurrences(run, `ProGet said: ${FORBIDDEN}`)).toBe(1);
  });
});

describe("the CLI's own words", () => {
  it.each([
    [
      ['--package', 'app', '--target', 'x'],
      '--package line 1 "app": no version; write name@version or set --package-version',
    ],
    [
      ['--package', '# nothing', '--target', 'x'],
      'no package given: set --package to one name@version per line',
    ],
    [['--target', 'x'], '--package is required: one name@version per line'],
  ])('%j says %s', async (args, message) => {
    const run = await runCli(['record', ...args], connection);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`proget-deploy: ${message}\n`);
  });

  it('names the environment variable a bad value came from', async () => {
    const run = await runCli(['record', '--target', 'x'], { ...connection, PROGET_PACKAGE: 'app' });
    expect(run.stderr).toBe(
      'proget-deploy: PROGET_PACKAGE line 1 "app": no version; write name@version or set --package-version\n',
    );
  });
});

describe('--json answers every exit with a JSON object', () => {
  const usage = {
    exitCode: 2,
    meaning: 'usage error or invalid input; nothing was sent',
  };

  it.each([
    [
      ['record', '--json', '--sever', 'x'],
      'usage',
      "Unknown option '--sever'; did you mean --server? (see proget-deploy record --help)",
    ],
    [
      ['record', '--json', '--package', 'app@', '--target', 'x'],
      'invalid-input',
      '--package line 1 "app@": nothing after "@"; write name@version',
    ],
    [
      ['--json'],
      'usage',
      'options go after the command: proget-deploy record|download|audit [options] (see proget-deploy --help)',
    ],
  ])('%j: {"error": …} on stdout, the line on stderr, exit 2', async (args, kind, message) => {
    const run = await runCli(args, connection);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { ...usage, kind, message } });
    expect(run.stderr).toBe(`proget-deploy: ${message}\n`);
    expect(emulator.requests).toHaveLength(0);
  });

  it('never carries the key: a value that happens to be the key is masked in the JSON error too', async () => {
    const run = await runCli(['record', '--json', '--package', 'app@1', '--target', 'x'], {
      ...connection,
      PROGET_DATE: KEY,
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.message).toMatch(/^PROGET_DATE "\*\*\*" is not an ISO 8601 date/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
  });

  it('PROGET_JSON=true asks for it too', async () => {
    const run = await runCli(['record', '--target', 'x'], { ...connection, PROGET_JSON: 'true' });
    expect(JSON.parse(run.stdout)).toEqual({
      error: { ...usage, kind: 'invalid-input', message: '--package is required: one name@version per line' },
    });
  });

  it('a skipped record has a reason (never sent), not the error of the record before it', async () => {
    const run = await runCli(
      ['record', '--json', '--package', 'app@1', '--package', 'api@2', '--target', 'x', '--concurrency', '1'],
      { ...connection, PROGET_API_KEY: 'wrong-key' },
    );
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ outcome: 'failure', recorded: 0, failed: 1, skipped: 1 });
    expect(result.records[0]).toMatchObject({ outcome: 'failed' });
    expect(result.records[0].error).toContain('403 Forbidden');
    expect(result.records[0].reason).toBeUndefined();
    expect(result.records[1]).toMatchObject({
      outcome: 'skipped',
      attempts: 0,
      reason: 'not sent: the key was refused for an earlier record',
    });
    expect(result.records[1].error).toBeUndefined();
  });
});
