import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import {
  GITHUB_INPUT_NAMES,
  type Logger,
  type RawInputs,
  resolvePlan,
  runPlan,
} from '@proget-deploy/core/internal';
import {} from '@proget-deploy/core/internal';

const KEY = 'sk-run-KEY-9876543210';
const NOW = new Date('2026-11-25T12:00:00.000Z');

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, debug: push('debug'), info: push('info'), warning: push('warning'), error: push('error') };
}

describe('recordDeployments against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY], anonymous: false });
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  const plan = (raw: RawInputs = {}) =>
    resolvePlan(
      {
        server: emulator.url,
        apiKey: KEY,
        feed: 'apps',
        package: 'acme/web@1.2.3\n@scope/lib@2.0.0',
        target: 'staging\nproduction',
        retries: '2',
        ...raw,
      },
      {
        application: 'Test CI',
        description: 'Deployed by test',
        user: 'alice',
        url: 'https://ci.example/run/1',
      },
      GITHUB_INPUT_NAMES,
      { now: () => NOW },
    );

  it('records packages × targets, every record with the same instant, each stored exactly once', async () => {
    const logger = capture();
    const report = await runPlan(plan(), { log: logger, backoffBaseMs: 1 });
    expect(report).toMatchObject({
      outcome: 'success',
      recorded: 4,
      failed: 0,
      skipped: 0,
      message: 'Recorded 4 deployments in ProGet feed "apps".',
    });
    expect(emulator.deployments.map((d) => d.record)).toEqual(
      expect.arrayContaining(
        [
          ['acme', 'web', '1.2.3', 'staging'],
          ['acme', 'web', '1.2.3', 'production'],
          ['@scope', 'lib', '2.0.0', 'staging'],
          ['@scope', 'lib', '2.0.0', 'production'],
        ].map(([GroupName, PackageName, Version, Target]) => ({
          Application: 'Test CI',
          Description: 'Deployed by test',
          Target,
          FeedName: 'apps',
          GroupName,
          PackageName,
          Version,
          UserName: 'alice',
          Url: 'https://ci.example/run/1',
          Date: '2026-11-25T12:00:00.000Z',
        })),
      ),
    );
    expect(emulator.deployments).toHaveLength(4);
    expect(emulator.deployments.every((d) => d.auth === 'header')).toBe(true);
  });

  it('rides out transient failures: retried records are stored once', async () => {
    emulator.setFaults({ failFirst: { count: 2, status: 503, retryAfter: '0' } });
    const report = await runPlan(plan(), { log: capture(), backoffBaseMs: 1 });
    expect(report.outcome).toBe('success');
    expect(emulator.deployments).toHaveLength(4);
  });

  it('fails the run on a persistent server error, and `warn` forgives it', async () => {
    emulator.setFaults({ failFirst: { count: 100, status: 500, body: 'Database is down' } });
    const failed = await runPlan(plan(), { log: capture(), backoffBaseMs: 1 });
    expect(failed).toMatchObject({ outcome: 'failure', recorded: 0, failed: 4 });
    // One failure shared by four records is told once.
    expect(failed.message).toBe(
      '4 of 4 deployment records not recorded in ProGet feed "apps": acme/web@1.2.3 → staging and 3 other records: ' +
        `${new URL(emulator.url).host} responded with 500 Internal Server Error (ProGet 2025.10) after 1 attempt — ProGet said: Database is down — ProGet or a proxy in front of it failed; see its error log.`,
    );
    expect(failed.headline).toBe('4 of 4 deployment records not recorded in ProGet feed "apps".');
    const warned = await runPlan(plan({ onError: 'warn' }), {
      log: capture(),
      backoffBaseMs: 1,
    });
    expect(warned.outcome).toBe('warning');
  });

  it('never forgives a wrong key, even with on-error warn, and stops after the first refusal', async () => {
    const report = await runPlan(plan({ apiKey: 'not-the-key', onError: 'warn', concurrency: '1' }), {
      log: capture(),
    });
    expect(report).toMatchObject({ outcome: 'failure', failed: 1, skipped: 3 });
    expect(report.message).toBe(
      '4 of 4 deployment records not recorded in ProGet feed "apps": acme/web@1.2.3 → staging: ' +
        `${new URL(emulator.url).host} responded with 403 Forbidden (ProGet 2025.10) — ProGet said: The specified API key does not have the proper permissions to perform this action. — ` +
        'The API key is unknown, expired, or lacks the Feeds_DownloadPackage privilege on feed "apps"; check api-key; ' +
        '3 records not sent: the key was refused for an earlier record',
    );
    expect(emulator.requests).toHaveLength(1);
  });

  it('sends nothing on a dry run and logs the records without the key', async () => {
    const logger = capture();
    const report = await runPlan(plan({ dryRun: 'true' }), { log: logger });
    expect(report).toMatchObject({
      outcome: 'success',
      recorded: 0,
      message: 'Dry run: 4 records resolved for ProGet feed "apps"; nothing was sent.',
    });
    expect(report.results.map((r) => r.outcome)).toEqual(['dry-run', 'dry-run', 'dry-run', 'dry-run']);
    expect(emulator.requests).toHaveLength(0);
    expect(logger.lines.filter((l) => l.startsWith('info: [dry run]'))).toHaveLength(4);
  });

  it('keeps the key out of every log line and message, even when the server echoes it', async () => {
    emulator.setFaults({
      failFirst: { count: 100, status: 502, body: `upstream rejected X-ApiKey: ${KEY}` },
    });
    const logger = capture();
    const report = await runPlan(plan(), { log: logger, backoffBaseMs: 1 });
    expect(report.outcome).toBe('failure');
    expect(report.message).toContain('upstream rejected X-ApiKey: ***');
    expect([report.message, ...logger.lines].join('\n')).not.toContain(KEY);
    expect(logger.lines.some((l) => l.includes('retrying in'))).toBe(true);
  });

  it("without X-ProGet-Version, names the server that answered and does not call its words ProGet's", async () => {
    const bare = await startEmulator({ apiKeys: [KEY], proGetVersion: null });
    try {
      const report = await runPlan(
        resolvePlan(
          { server: bare.url, apiKey: 'not-the-key', feed: 'apps', package: 'web@1.0.0', target: 'one' },
          { application: 'Test CI' },
          GITHUB_INPUT_NAMES,
        ),
        { log: capture() },
      );
      expect(report.message).toContain(
        `the server at ${new URL(bare.url).host} answered 403 Forbidden — the server said:`,
      );
      expect(report.message).not.toContain('ProGet said');
    } finally {
      await bare.close();
    }
  });

  it('sends the key as X-ApiKey by default, as the deployment API documents', async () => {
    await runPlan(plan({ package: 'web@1.0.0', target: 'one' }), { log: capture() });
    expect(emulator.deployments.map((d) => d.auth)).toEqual(['header']);
    expect(emulator.deployments[0]!.ignoredProperties).toBeUndefined();
  });

  it('sends api:KEY as basic auth when asked', async () => {
    await runPlan(plan({ authMethod: 'basic', package: 'web@1.0.0', target: 'one' }), {
      log: capture(),
    });
    expect(emulator.deployments.map((d) => d.auth)).toEqual(['basic']);
  });
});
