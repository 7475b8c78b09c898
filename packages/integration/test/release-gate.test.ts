// ProGet as the release gate, against the emulator: the verdict of the SCA build's promotion decides the step,
// an audit checks a build before a deploy, and each deployed version is promoted to the production feed once.
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { startHostileServer } from '@proget-deploy/testkit';
import {
  GITHUB_INPUT_NAMES,
  guardOf,
  Redactor,
  renderMarkdownSummary,
  renderTextTable,
  resolvePlan,
  runPlan,
  scaOutput,
  summaryRows,
  type Logger,
  type RawInputs,
} from '@proget-deploy/core/internal';

const KEY = 'gate-SYSTEM-KEY-0123456789';
const CONTEXT = { application: 'Test CI', user: 'alice', url: 'https://ci.example/run/1' };

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, debug: push('debug'), info: push('info'), warning: push('warning'), error: push('error') };
}

const LODASH = { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [KEY],
    anonymous: false,
    sca: { projects: ['Web'], apiKeys: [KEY] },
  });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const run = (raw: RawInputs = {}, logger = capture()) =>
  runPlan(
    resolvePlan(
      {
        server: emulator.url,
        apiKey: KEY,
        feed: 'apps',
        package: 'acme/web@1.2.3',
        target: 'Production',
        scaProject: 'Web',
        retries: '1',
        ...raw,
      },
      CONTEXT,
      GITHUB_INPUT_NAMES,
    ),
    { log: logger, backoffBaseMs: 1, sleep: async () => {} },
  );

const guard = guardOf(new Redactor([KEY]));

describe("the verdict of the SCA build's promotion", () => {
  it('a compliant build: the step succeeds and says so', async () => {
    const report = await run();
    expect(report).toMatchObject({ outcome: 'success', recorded: 1 });
    expect(report.message).toBe(
      'Recorded 1 deployment in ProGet feed "apps". Promoted SCA build 1.2.3 of "Web" to "Production"; ProGet\'s verdict: Compliant.',
    );
    expect(scaOutput(report.sca!, guard).verdict).toMatchObject({
      statusCode: 'C',
      judgement: 'compliant',
      blocks: false,
    });
  });

  it('a noncompliant build with unresolved issues fails the step, the record still told as stored, the issues listed', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', {
      verdict: 'noncompliant',
      issues: [LODASH, { purl: 'pkg:npm/left-pad@1.0.0', resolved: true }],
    });
    const logger = capture();
    const report = await run({}, logger);
    expect(report.outcome).toBe('failure');
    expect(report.stoppedByVerdict).toBe(true);
    expect(report.recorded).toBe(1);
    expect(emulator.deployments).toHaveLength(1);
    expect(report.message).toMatch(
      /^Recorded 1 deployment in ProGet feed "apps"\. Promoted SCA build 1\.2\.3 of "Web" to "Production", but ProGet judged it Noncompliant: 1 unresolved issue \(of 2\) \(http:\/\/127\.0\.0\.1:\d+\/projects2\/builds\/build\?buildId=\d+\)$/,
    );
    // Only the unresolved issue is listed: number, type, purl, vulnerability.
    expect(report.sca!.issues).toEqual([
      expect.objectContaining({ type: 'V', purl: LODASH.purl, resolved: false }),
    ]);
    const table = renderTextTable(report, guard);
    expect(table).toContain("  ProGet's verdict: Noncompliant: 1 unresolved issue (of 2)");
    expect(table).toMatch(/ {4}#\d+ V pkg:npm\/lodash@4\.17\.20 CVE-2021-23337/);
    const summary = renderMarkdownSummary(report, guard);
    expect(summary).toContain("ProGet's verdict: **Noncompliant: 1 unresolved issue (of 2)**.");
    expect(summary).toMatch(/- #\d+ V pkg:npm\/lodash@4\.17\.20 CVE-2021-23337/);
    // The comment is still added: the deployment happened.
    expect(emulator.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'POST /api/package-deployment/',
      'POST /api/sca/builds',
      'POST /api/sca/promote-build',
      'GET /api/sca/issues',
      'POST /api/sca/comments',
    ]);
  });

  it('on-noncompliant warn turns it into a warning; on-error warn never forgives it', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    expect((await run({ onNoncompliant: 'warn' })).outcome).toBe('warning');
    const report = await run({ onError: 'warn' });
    expect(report.outcome).toBe('failure');
    expect(report.stoppedByVerdict).toBe(true);
  });

  it('noncompliant with every issue resolved, warn and inconclusive pass; warn and inconclusive warn', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', {
      verdict: 'noncompliant',
      issues: [{ ...LODASH, resolved: true }],
    });
    expect(await run()).toMatchObject({ outcome: 'success' });
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'warn', issues: [] });
    const warned = await run();
    expect(warned.outcome).toBe('warning');
    expect(warned.message).toContain("ProGet's verdict: Warn.");
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'inconclusive', issues: [] });
    expect((await run()).outcome).toBe('warning');
  });

  it('a build ProGet did not analyse fails: the gate cannot say it passed', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'not-analysed' });
    const report = await run();
    expect(report.outcome).toBe('failure');
    expect(report.message).toMatch(/, but ProGet did not analyse the build \(.+\): the gate cannot pass it$/);
  });

  it('lists at most 20 issues, and how many more there are, in every report', async () => {
    const issues = Array.from({ length: 23 }, (_, i) => ({
      purl: `pkg:npm/p${i}@1.0.0`,
      vulnerability: `CVE-2026-${1000 + i}`,
    }));
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues });
    const report = await run();
    const output = scaOutput(report.sca!, guard);
    expect(output.issues).toHaveLength(20);
    expect(output.moreIssues).toBe(3);
    expect(renderTextTable(report, guard)).toContain('    and 3 more');
    expect(renderMarkdownSummary(report, guard)).toContain('- and 3 more');
  });
});

describe('an audit before the deploy', () => {
  it('asks for the verdict of the build where it stands, recording and promoting nothing', async () => {
    await run({ scaStage: 'Test', target: 'test-env' }); // the build exists, in stage Test
    const before = emulator.requests.length;
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'compliant' });
    const report = await run({ mode: 'audit', scaBuild: '1.2.3', package: '', feed: '', target: '' });
    const requests = emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(requests).toEqual([
      'GET /api/sca/builds?project=Web&version=1.2.3',
      'POST /api/sca/audit-build?project=Web&version=1.2.3&build=1.2.3',
    ]);
    expect(report).toMatchObject({ action: 'audit', outcome: 'success', recorded: 0 });
    expect(report.message).toBe('Audited SCA build 1.2.3 of "Web"; ProGet\'s verdict: Compliant.');
    expect(emulator.sca.project('Web')!.builds[0]!.stage).toBe('Test');
  });

  it('fails on a noncompliant build, with its issues', async () => {
    await run();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const report = await run({ mode: 'audit', scaBuild: '1.2.3', package: '', target: '' });
    expect(report).toMatchObject({ outcome: 'failure', stoppedByVerdict: true });
    expect(report.message).toMatch(
      /^Audited SCA build 1\.2\.3 of "Web", but ProGet judged it Noncompliant: 1 unresolved issue/,
    );
    expect(report.sca!.issues).toHaveLength(1);
  });

  it('names both the project and the build when the build is not there', async () => {
    const report = await run({ mode: 'audit', scaBuild: '9.9.9', package: '', target: '' });
    expect(report.outcome).toBe('failure');
    expect(report.message).toMatch(
      /^SCA build 9\.9\.9 of "Web" not audited \(find step failed\): SCA project "Web" or its build 9\.9\.9 not found/,
    );
  });

  it('refuses, before any request, an audit without a project and a build, or with inputs it would ignore', () => {
    expect(() => resolvePlan({ server: emulator.url, mode: 'audit' }, CONTEXT, GITHUB_INPUT_NAMES)).toThrow(
      'mode audit checks one SCA build: set sca-project and sca-build (sca-project and sca-build are missing)',
    );
    expect(() =>
      resolvePlan(
        { server: emulator.url, mode: 'audit', scaProject: 'Web', scaBuild: '1', sbom: 'x.json' },
        CONTEXT,
        GITHUB_INPUT_NAMES,
      ),
    ).toThrow('sbom is set, but mode audit only asks ProGet for its verdict on the build');
  });
});

describe('promotion of the deployed versions to the production feed', () => {
  const promoting = (raw: RawInputs = {}) =>
    run({
      scaProject: '',
      promoteToFeed: 'prod',
      package: 'acme/web@1.2.3\n@scope/lib@2.0.0',
      target: 'eu\nus',
      ...raw,
    });

  it('promotes each version once, however many targets, saying who deployed where', async () => {
    const report = await promoting();
    expect(report.outcome).toBe('success');
    expect(report.message).toBe(
      'Recorded 4 deployments in ProGet feed "apps". Promoted 2 package versions to "prod".',
    );
    expect(
      emulator.promotions.map(({ group, name, version, fromFeed, toFeed, comments }) => ({
        group,
        name,
        version,
        fromFeed,
        toFeed,
        comments,
      })),
    ).toEqual([
      {
        group: 'acme',
        name: 'web',
        version: '1.2.3',
        fromFeed: 'apps',
        toFeed: 'prod',
        comments: 'Deployed to eu, us by alice with Test CI: https://ci.example/run/1',
      },
      {
        group: '@scope',
        name: 'lib',
        version: '2.0.0',
        fromFeed: 'apps',
        toFeed: 'prod',
        comments: 'Deployed to eu, us by alice with Test CI: https://ci.example/run/1',
      },
    ]);
    const rows = [...summaryRows(report, guard)].map((r) => [r.package, r.target, r.promotion]);
    expect(rows).toEqual([
      ['acme/web', 'eu', 'promoted'],
      ['acme/web', 'us', 'promoted'],
      ['@scope/lib', 'eu', 'promoted'],
      ['@scope/lib', 'us', 'promoted'],
    ]);
    expect(renderMarkdownSummary(report, guard)).toContain('| @scope/lib | 2.0.0 | ✅ promoted |');
  });

  it('a re-run promotes nothing twice: ProGet already shows the promotion', async () => {
    await promoting();
    const report = await promoting();
    expect(emulator.promotions).toHaveLength(2);
    expect(report.promotions!.results.map((r) => r.outcome)).toEqual([
      'already-promoted',
      'already-promoted',
    ]);
    expect(report.message).toContain('2 versions already there.');
  });

  it('skips a version whose record failed, and says why', async () => {
    emulator.setFaults({ failFirst: { count: 4, status: 400, body: 'Version not found' } });
    const report = await run({
      scaProject: '',
      promoteToFeed: 'prod',
      package: 'acme/web@1.2.3',
      target: 'eu',
      retries: '0',
    });
    expect(report.promotions!.results).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'not promoted: its deployment was not recorded',
      }),
    ]);
    expect(emulator.promotions).toEqual([]);
  });

  it('promotes nothing to production when ProGet judges the SCA build noncompliant', async () => {
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    const report = await run({ promoteToFeed: 'prod' });
    expect(report.promotions!.results).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'not promoted: ProGet judged the SCA build noncompliant',
      }),
    ]);
    expect(emulator.promotions).toEqual([]);
  });

  it('quotes ProGet on a 400 and says which feed to check', async () => {
    const typed = await startEmulator({ feeds: { apps: { type: 'universal' }, prod: { type: 'nuget' } } });
    try {
      const report = await runPlan(
        resolvePlan(
          {
            server: typed.url,
            feed: 'apps',
            package: 'web@1.0.0',
            target: 't',
            promoteToFeed: 'prod',
            retries: '0',
          },
          CONTEXT,
          GITHUB_INPUT_NAMES,
        ),
        { log: capture() },
      );
      expect(report.outcome).toBe('failure');
      expect(report.message).toMatch(
        /^Recorded 1 deployment in ProGet feed "apps"\. 1 of 1 package version not promoted to "prod": web@1\.0\.0: .+ responded with 400 Bad Request \(ProGet 2025\.10\) — ProGet said: .+ — Check that feed "prod" \(promote-to-feed\) exists and is the same type of feed as feed\.$/,
      );
    } finally {
      await typed.close();
    }
  });

  it('names the permission when ProGet refuses the key for the promotion alone', async () => {
    const proget = { 'x-proget-version': '25.0.10.5' };
    const server = await startHostileServer((request) =>
      request.path.startsWith('/api/promotions/promote')
        ? {
            kind: 'respond',
            status: 403,
            headers: proget,
            body: 'The specified API key does not have the proper permissions to perform this action.',
          }
        : { kind: 'respond', status: 200, headers: proget, body: '[]' },
    );
    try {
      const report = await runPlan(
        resolvePlan(
          {
            server: server.url,
            apiKey: KEY,
            feed: 'apps',
            package: 'web@1.0.0',
            target: 't',
            promoteToFeed: 'prod',
            retries: '0',
          },
          CONTEXT,
          GITHUB_INPUT_NAMES,
        ),
        { log: capture() },
      );
      expect(report.outcome).toBe('failure');
      expect(report.recorded).toBe(1);
      expect(report.message).toContain(
        'The API key may not promote packages from "apps" to "prod": give it that permission in ProGet, or set api-key to a key that has it.',
      );
    } finally {
      await server.close();
    }
  });

  it('says ProGet Free has no package promotion, and does not forgive it as an outage', async () => {
    emulator.setEdition('free');
    const report = await run({ scaProject: '', promoteToFeed: 'prod', onError: 'warn' });
    expect(report.outcome).toBe('failure');
    expect(report.message).toContain(
      'ProGet Free has no package promotion: they need ProGet Basic or Enterprise.',
    );
  });

  it('shows the promotions a dry run would make, and sends nothing', async () => {
    const logger = capture();
    const report = await run(
      { scaProject: '', promoteToFeed: 'prod', package: 'acme/web@1.2.3', dryRun: 'true' },
      logger,
    );
    expect(emulator.requests).toEqual([]);
    expect(report.promotions!.results.map((r) => r.outcome)).toEqual(['dry-run']);
    expect(logger.lines).toContain(
      `info: [dry run] POST ${emulator.url}/api/promotions/promote {"name":"web","group":"acme","version":"1.2.3","fromFeed":"apps","toFeed":"prod","comments":"Deployed to Production by alice with Test CI: https://ci.example/run/1"}`,
    );
  });
});

describe("ProGet Basic's hourly limit", () => {
  it('a 429 from the compliance API names the licence limit and is not retried', async () => {
    emulator.setEdition('basic');
    for (let i = 0; i < 10; i += 1) await run({ package: `acme/web@1.0.${i}` });
    const before = emulator.requests.length;
    const report = await run({ retries: '3' });
    const promotes = emulator.requests
      .slice(before)
      .filter((r) => r.path.startsWith('/api/sca/promote-build'));
    expect(promotes).toHaveLength(1);
    expect(report.outcome).toBe('failure');
    expect(report.message).toContain('ProGet Basic allows ten compliance API actions an hour');
  });
});
