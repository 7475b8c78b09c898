import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { FIXTURES } from '@proget-deploy/testkit';
import {
  type ContextDefaults,
  GITHUB_INPUT_NAMES,
  type Logger,
  type RawInputs,
  readSbom,
  Redactor,
  renderMarkdownSummary,
  renderTextTable,
  resolvePlan,
  runPlan,
  scaSteps,
  type DownloadPlan,
  guardOf,
} from '@proget-deploy/core/internal';
import {} from '@proget-deploy/core/internal';

const SBOMS = join(FIXTURES, 'sbom');
const SYSTEM_KEY = 'sys-KEY-manage-builds-0001';
const FEED_KEY = 'feed-KEY-download-only-0002';
const CONTEXT: ContextDefaults = {
  application: 'Test CI',
  description: 'Deployed by test',
  user: 'alice',
  url: 'https://ci.example/run/1',
  workingDirectory: SBOMS,
};

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, debug: push('debug'), info: push('info'), warning: push('warning'), error: push('error') };
}

describe('readSbom', () => {
  it('reads a CycloneDX JSON SBOM: the project and build it is filed under, every component', () => {
    const sbom = readSbom('web-1.2.3.cdx.json', 'sbom', SBOMS);
    expect(sbom).toMatchObject({
      path: join(SBOMS, 'web-1.2.3.cdx.json'),
      format: 'json',
      contentType: 'application/json',
      project: 'Web',
      build: '1.2.3',
      components: 3,
    });
    expect(JSON.parse(sbom.body).bomFormat).toBe('CycloneDX');
  });

  it('reads a CycloneDX XML SBOM past its tools, supplier, comments and CDATA', () => {
    expect(readSbom('web-1.2.3.cdx.xml', 'sbom', SBOMS)).toMatchObject({
      format: 'xml',
      contentType: 'text/xml',
      project: 'Web',
      build: '1.2.3',
      components: 2,
    });
  });

  it.each([
    [
      'web-1.2.3.spdx.json',
      'sbom "web-1.2.3.spdx.json" is not a CycloneDX SBOM: it is JSON but not CycloneDX',
    ],
    ['missing.json', 'sbom "missing.json" cannot be read: no such file'],
    ['.', 'sbom "." is not a regular file (a directory)'],
  ])('refuses %s in one line', (file, message) => {
    expect(() => readSbom(file, 'sbom', SBOMS)).toThrow(message);
  });

  it('reads a prefixed CycloneDX namespace and decodes entities in the names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    writeFileSync(
      join(dir, 'bom.xml'),
      '<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.6"><cdx:metadata><cdx:component type="application">' +
        '<cdx:name>R&amp;D Portal</cdx:name><cdx:version>2.0.0</cdx:version></cdx:component></cdx:metadata>' +
        '<cdx:components><cdx:component type="library"><cdx:name>a</cdx:name></cdx:component></cdx:components></cdx:bom>',
    );
    expect(readSbom('bom.xml', 'sbom', dir)).toMatchObject({
      project: 'R&D Portal',
      build: '2.0.0',
      components: 1,
    });
  });

  it.each([
    ['<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><metadata></bom>', 'it is not well-formed XML'],
    ['<project xmlns="http://maven.apache.org/POM/4.0.0"/>', 'it is XML but not CycloneDX'],
    ['{"bomFormat": "CycloneDX"', 'it is not valid JSON'],
    ['name,version\nweb,1.2.3', 'it is neither JSON nor XML'],
  ])('refuses %j', (content, why) => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    writeFileSync(join(dir, 'bad'), content);
    expect(() => readSbom('bad', '--sbom', dir)).toThrow(`--sbom "bad" is not a CycloneDX SBOM: ${why}`);
  });
});

/** A plan's fields as these tests read them, whatever the step does. */
const fields = (plan: unknown) => plan as Partial<DownloadPlan>;

describe('the SCA part of a plan', () => {
  const plan = (raw: RawInputs, context: Partial<ContextDefaults> = {}) =>
    fields(
      resolvePlan(
        {
          server: 'https://proget.example',
          feed: 'apps',
          package: 'acme/web@1.2.3',
          target: 'Production',
          ...raw,
        },
        { ...CONTEXT, ...context },
        GITHUB_INPUT_NAMES,
      ),
    );

  it('defaults the build to the first package version and the stage to the one target', () => {
    expect(plan({ scaProject: 'Web' }).sca).toEqual({
      project: 'Web',
      build: '1.2.3',
      stage: 'Production',
      comment: 'Deployed to Production by alice with Test CI: https://ci.example/run/1',
      by: 'alice',
      url: 'https://ci.example/run/1',
    });
  });

  it('needs no package, feed or target when the project, build and stage are given', () => {
    const p = plan({ scaProject: 'Web', scaBuild: '7', scaStage: 'Test', package: '', feed: '', target: '' });
    expect(p.action).toBe('sca');
    expect(p.packages).toBeUndefined();
    expect(p.sca).toMatchObject({
      build: '7',
      stage: 'Test',
      comment: expect.stringMatching(/^Deployed to Test /),
    });
  });

  it('takes the build from the SBOM when there is no package', () => {
    expect(plan({ scaProject: 'Web', package: '', sbom: 'web-1.2.3.cdx.xml' }).sca?.build).toBe('1.2.3');
  });

  it.each<[RawInputs, string]>([
    [
      { scaProject: 'Web', target: 'staging\nproduction' },
      'sca-stage is required: the stage to promote build 1.2.3 of "Web" to, e.g. Production; 2 targets were given (staging, production), so the stage is not clear',
    ],
    [{ scaBuild: '1.0' }, 'sca-build is set but sca-project is not'],
    [{ scaProject: 'Web', package: '', scaStage: 'Test' }, 'sca-build is required'],
    [
      { scaProject: 'Web', sbom: 'web-1.2.3.cdx.json', package: 'web@2.0.0' },
      'sbom "web-1.2.3.cdx.json" describes Web 1.2.3, not Web 2.0.0: ProGet files an imported SBOM under its metadata.component name and version',
    ],
    [{ scaProject: 'Web', sbom: 'web-1.2.3.spdx.json' }, 'is not a CycloneDX SBOM'],
    [{ package: '' }, 'package is required'],
  ])('refuses %j before any request', (raw, message) => {
    expect(() => plan(raw)).toThrow(message);
  });

  it("promotes with both the docs' `version` and pgutil's `build`", () => {
    const requests = scaSteps(plan({ scaProject: 'Web App' }).sca!, 'https://proget.example/sub');
    expect(
      requests.map(({ step, exchange }) => [
        step,
        exchange.url.href,
        exchange.body ? JSON.parse(exchange.body) : '',
      ]),
    ).toEqual([
      [
        'build',
        'https://proget.example/sub/api/sca/builds',
        { project: 'Web App', version: '1.2.3', url: 'https://ci.example/run/1' },
      ],
      [
        'promote',
        'https://proget.example/sub/api/sca/promote-build?project=Web+App&version=1.2.3&build=1.2.3&stage=Production',
        '',
      ],
      // Asked for only when ProGet judges the build noncompliant: the issues behind the verdict.
      ['issues', 'https://proget.example/sub/api/sca/issues?project=Web+App&version=1.2.3', ''],
      [
        'comment',
        'https://proget.example/sub/api/sca/comments',
        {
          project: 'Web App',
          version: '1.2.3',
          comment: 'Deployed to Production by alice with Test CI: https://ci.example/run/1',
          by: 'alice',
        },
      ],
    ]);
  });
});

describe('SCA steps against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      apiKeys: [SYSTEM_KEY, FEED_KEY],
      anonymous: false,
      sca: { projects: ['Web'], apiKeys: [SYSTEM_KEY] },
    });
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  const run = (raw: RawInputs = {}, logger = capture()) =>
    runPlan(
      resolvePlan(
        {
          server: emulator.url,
          apiKey: SYSTEM_KEY,
          feed: 'apps',
          package: 'acme/web@1.2.3',
          target: 'production',
          scaProject: 'Web',
          retries: '2',
          ...raw,
        },
        CONTEXT,
        GITHUB_INPUT_NAMES,
      ),
      { log: logger, backoffBaseMs: 1, sleep: async () => {} },
    );
  const paths = () => emulator.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
  const web = () => emulator.sca.project('Web')!;

  it('records, creates the build, promotes it to the target and comments, in that order', async () => {
    const report = await run();
    expect(report.outcome).toBe('success');
    expect(report.message).toBe(
      'Recorded 1 deployment in ProGet feed "apps". Promoted SCA build 1.2.3 of "Web" to "production"; ProGet\'s verdict: Compliant.',
    );
    expect(paths()).toEqual([
      'POST /api/package-deployment/ 200',
      'POST /api/sca/builds 200',
      'POST /api/sca/promote-build 200',
      'POST /api/sca/comments 200',
    ]);
    const [build] = web().builds;
    expect(build).toMatchObject({
      version: '1.2.3',
      url: 'https://ci.example/run/1',
      stage: 'Production',
      comments: [
        {
          number: 1,
          by: 'alice',
          comment: 'Deployed to production by alice with Test CI: https://ci.example/run/1',
        },
      ],
    });
    expect(report.sca).toMatchObject({
      viewBuildUrl: `${emulator.url}/projects2/builds/build?buildId=${build!.id}`,
      analysis: { statusCode: 'C', statusText: 'Compliant', unresolvedIssueCount: 0 },
      steps: [
        { step: 'build', outcome: 'done', attempts: 1 },
        { step: 'promote', outcome: 'done', attempts: 1 },
        { step: 'comment', outcome: 'done', attempts: 1 },
      ],
    });
    expect(emulator.requests.every((r) => r.headers['x-apikey'] === SYSTEM_KEY)).toBe(true);
    // JSON bodies say so; promote-build carries everything in its query, so no body and no content type.
    expect(emulator.requests.map((r) => r.headers['content-type'])).toEqual([
      'application/json',
      'application/json',
      undefined,
      'application/json',
    ]);
  });

  it('finds an existing build again: one build, its SBOM packages kept, promoted further', async () => {
    await run({ target: 'Test', sbom: 'web-1.2.3.cdx.json' });
    const report = await run({
      package: '',
      feed: '',
      scaBuild: '1.2.3',
      target: '',
      scaStage: 'Production',
    });
    expect(report.outcome).toBe('success');
    expect(report.message).toBe(
      'Promoted SCA build 1.2.3 of "Web" to "Production"; ProGet\'s verdict: Compliant.',
    );
    expect(web().builds).toHaveLength(1);
    expect(web().builds[0]).toMatchObject({
      stage: 'Production',
      promotions: ['Test', 'Production'],
      sboms: 1,
      packages: [
        expect.objectContaining({ purl: 'pkg:npm/left-pad@1.3.0' }),
        expect.objectContaining({ purl: 'pkg:nuget/Newtonsoft.Json@13.0.3' }),
        expect.objectContaining({ purl: 'pkg:nuget/System.Memory@4.5.5' }),
      ],
    });
    expect(web().builds[0]!.comments.map((c) => c.comment)).toEqual([
      'Deployed to Test by alice with Test CI: https://ci.example/run/1',
      'Deployed to Production by alice with Test CI: https://ci.example/run/1',
    ]);
  });

  it('imports an XML SBOM as text/xml, keeping its components', async () => {
    const report = await run({ sbom: 'web-1.2.3.cdx.xml' });
    expect(report.message).toContain(
      'Promoted SCA build 1.2.3 of "Web" with its SBOM (2 components) to "production"; ProGet\'s verdict: Compliant.',
    );
    const imported = emulator.requests.find((r) => r.path === '/api/sca/import');
    expect(imported?.headers['content-type']).toBe('text/xml');
    expect(web().builds[0]!.packages.map((p) => p.purl)).toEqual([
      'pkg:npm/left-pad@1.3.0',
      'pkg:maven/com.fasterxml.jackson.core/jackson-core@2.17.0',
    ]);
  });

  it('says "1 component" for an SBOM with one component', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    const sbom = join(dir, 'one.cdx.json');
    writeFileSync(
      sbom,
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        metadata: { component: { type: 'application', name: 'Web', version: '1.2.3' } },
        components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }],
      }),
    );
    const report = await run({ sbom });
    expect(report.message).toContain(
      'Promoted SCA build 1.2.3 of "Web" with its SBOM (1 component) to "production"; ProGet\'s verdict: Compliant.',
    );
  });

  it('explains a 403 with a feed key, fails even with on-error warn, and skips the rest', async () => {
    const logger = capture();
    const report = await run({ apiKey: FEED_KEY, onError: 'warn', sbom: 'web-1.2.3.cdx.json' }, logger);
    expect(report.recorded).toBe(1);
    expect(report.outcome).toBe('failure');
    expect(report.sca?.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['build', 'failed'],
      ['sbom', 'skipped'],
      ['promote', 'skipped'],
      ['comment', 'skipped'],
    ]);
    expect(report.message).toContain(
      `ProGet's SCA API does not accept feed API keys: set sca-api-key to a system API key with "Manage Builds & Projects", or a personal API key whose user has Projects_Manage.`,
    );
    expect(paths().filter((p) => p.includes('/sca/'))).toEqual(['POST /api/sca/builds 403']);
    expect(JSON.stringify(report)).not.toContain(FEED_KEY);
    expect(logger.lines.join('\n')).not.toContain(FEED_KEY);
  });

  it('sends sca-api-key to the SCA API and the feed key with the records', async () => {
    const logger = capture();
    const report = await run({ apiKey: FEED_KEY, scaApiKey: SYSTEM_KEY, sbom: 'web-1.2.3.cdx.json' }, logger);
    expect(report.outcome).toBe('success');
    expect(
      emulator.requests.map((r) => `${r.path.split('?')[0]} ${r.headers['x-apikey']} ${r.status}`),
    ).toEqual([
      `/api/package-deployment/ ${FEED_KEY} 200`,
      `/api/sca/builds ${SYSTEM_KEY} 200`,
      `/api/sca/import ${SYSTEM_KEY} 200`,
      `/api/sca/promote-build ${SYSTEM_KEY} 200`,
      `/api/sca/comments ${SYSTEM_KEY} 200`,
    ]);
    for (const key of [FEED_KEY, SYSTEM_KEY]) {
      expect(JSON.stringify(report)).not.toContain(key);
      expect(logger.lines.join('\n')).not.toContain(key);
    }
  });

  it('sends the api-key to the SCA API when sca-api-key is empty', async () => {
    const report = await run({ scaApiKey: '' });
    expect(report.outcome).toBe('success');
    expect(new Set(emulator.requests.map((r) => r.headers['x-apikey']))).toEqual(new Set([SYSTEM_KEY]));
  });

  it('says in one line that a stage does not exist', async () => {
    const report = await run({ scaStage: 'Prod' });
    expect(report.outcome).toBe('failure');
    expect(report.message).toContain(
      'SCA build 1.2.3 of "Web" not promoted to "Prod" (promote step failed): ProGet did not promote build 1.2.3 of "Web" to stage "Prod"',
    );
    expect(report.message).toContain('its default stages are Build, Integration, Test and Production');
    expect(report.message).not.toContain('\n');
  });

  it('says in one line that a project does not exist', async () => {
    const report = await run({ scaProject: 'Shop' });
    expect(report.message).toContain('SCA project "Shop" not found');
    expect(report.message).toContain('correct sca-project');
  });

  it('retries a transient failure like a record, and on-error warn forgives an outage', async () => {
    emulator.setFaults({ failFirst: { count: 1, status: 503 } });
    const retried = await run({ package: '', feed: '', scaBuild: '1.2.3' });
    expect(retried.outcome).toBe('success');
    expect(retried.sca?.steps[0]).toMatchObject({ step: 'build', attempts: 2 });

    emulator.setFaults({ failFirst: { count: 10, status: 503 } });
    const forgiven = await run({ package: '', feed: '', scaBuild: '1.2.3', onError: 'warn', retries: '1' });
    expect(forgiven.outcome).toBe('warning');
    expect(forgiven.sca?.steps[0]).toMatchObject({ step: 'build', outcome: 'failed', attempts: 2 });
  });

  it('shows the requests of a dry run and sends none', async () => {
    const logger = capture();
    const report = await run({ dryRun: 'true', sbom: 'web-1.2.3.cdx.json' }, logger);
    expect(emulator.requests).toEqual([]);
    expect(report.sca?.steps.map((s) => `${s.step} ${s.outcome}`)).toEqual([
      'build dry-run',
      'sbom dry-run',
      'promote dry-run',
      'issues dry-run',
      'comment dry-run',
    ]);
    expect(logger.lines.filter((l) => l.includes('SCA requests'))).toEqual([
      'info: [dry run] The SCA requests would authenticate with api-key.',
    ]);
    expect(logger.lines.filter((l) => l.includes('/api/sca/'))).toEqual([
      `info: [dry run] POST ${emulator.url}/api/sca/builds {"project":"Web","version":"1.2.3","url":"https://ci.example/run/1"}`,
      `info: [dry run] POST ${emulator.url}/api/sca/import ${join(SBOMS, 'web-1.2.3.cdx.json')} (CycloneDX JSON, 3 components)`,
      `info: [dry run] POST ${emulator.url}/api/sca/promote-build?project=Web&version=1.2.3&build=1.2.3&stage=production`,
      `info: [dry run] GET ${emulator.url}/api/sca/issues?project=Web&version=1.2.3 (only if ProGet judges the build noncompliant)`,
      `info: [dry run] POST ${emulator.url}/api/sca/comments {"project":"Web","version":"1.2.3","comment":"Deployed to production by alice with Test CI: https://ci.example/run/1","by":"alice"}`,
    ]);
    expect(report.message).toBe(
      'Dry run: 1 record resolved for ProGet feed "apps"; nothing was sent. Dry run: SCA build 1.2.3 of "Web" would be promoted to "production"; nothing was sent.',
    );
  });

  it("links the summary to the build's page and lists each step", async () => {
    const report = await run();
    const redactor = new Redactor([SYSTEM_KEY]);
    const markdown = renderMarkdownSummary(report, guardOf(redactor));
    expect(markdown).toContain(
      `#### SCA build 1.2.3 of Web → production — [view the build in ProGet](${report.sca!.viewBuildUrl})`,
    );
    expect(markdown).toContain('| Promote to the stage | ✅ done |');
    expect(renderTextTable(report, guardOf(redactor))).toContain(
      `SCA build 1.2.3 of "Web" → stage "production": ${report.sca!.viewBuildUrl}`,
    );
  });
});
