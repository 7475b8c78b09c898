import { parseBinArgs } from '../src/bin-args.js';
import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';

const KEY = 'system-key';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
let clock = T0;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web'] }, now: () => clock });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  clock = T0;
});

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'x-apikey': KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return response.json();
}

const createBuild = (version = '1.2.3') => call('POST', '/api/sca/builds', { project: 'Web', version });
const promote = (version = '1.2.3', stage = 'Production') =>
  call('POST', `/api/sca/promote-build?project=Web&build=${version}&stage=${stage}`);
const audit = (query = 'project=Web&build=1.2.3') => call('POST', `/api/sca/audit-build?${query}`);
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const ANALYZED = new Date(T0).toISOString();
const LODASH = { type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' };

describe('the verdict of a promotion or an audit (BuildAnalysisResults)', () => {
  it('is Compliant by default, with no issues, counting the build packages', async () => {
    await createBuild();
    const response = await promote();
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      lastAnalyzedDate: ANALYZED,
      statusCode: 'C',
      statusText: 'Compliant',
      issueCount: 0,
      unresolvedIssueCount: 0,
      totalPackages: 0,
    });
  });

  it.each([
    ['warn', 'W', 'Warn'],
    ['noncompliant', 'N', 'Noncompliant'],
    ['inconclusive', 'I', 'Inconclusive'],
    ['compliant', 'C', 'Compliant'],
  ] as const)('answers %s as statusCode %s, statusText %s', async (verdict, code, text) => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict, issues: [LODASH] });
    expect(await json(await promote())).toEqual({
      lastAnalyzedDate: ANALYZED,
      statusCode: code,
      statusText: text,
      issueCount: 1,
      unresolvedIssueCount: 1,
      totalPackages: 0,
    });
  });

  it('answers a build that was not analysed without a date, code or counts', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'not-analysed' });
    expect(await json(await promote())).toEqual({
      lastAnalyzedDate: null,
      statusCode: null,
      statusText: 'Not analyzed',
      issueCount: null,
      unresolvedIssueCount: null,
      totalPackages: null,
    });
    expect(emulator.sca.project('Web')!.builds[0]!.stage).toBe('Production');
  });

  it('still promotes a noncompliant build, answering the verdict', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    expect(await json(await promote('1.2.3', 'test'))).toMatchObject({ statusCode: 'N' });
    expect(emulator.sca.project('Web')!.builds[0]).toMatchObject({
      stage: 'Test',
      promotions: ['Test'],
      lastAnalysis: { statusCode: 'N', unresolvedIssueCount: 1 },
    });
  });

  it('counts a resolved issue in issueCount but not in unresolvedIssueCount, keeping N', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', {
      verdict: 'noncompliant',
      issues: [LODASH, { purl: 'pkg:npm/left-pad@1.3.0', resolved: true }],
    });
    expect(await json(await audit())).toMatchObject({
      statusCode: 'N',
      issueCount: 2,
      unresolvedIssueCount: 1,
    });
    expect(
      (await call('POST', '/api/sca/issues?project=Web&version=1.2.3&number=1&resolve=true')).status,
    ).toBe(200);
    expect(await json(await audit())).toMatchObject({
      statusCode: 'N',
      statusText: 'Noncompliant',
      issueCount: 2,
      unresolvedIssueCount: 0,
    });
  });

  it('gives noncompliant and inconclusive verdicts set without issues one unresolved issue', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'inconclusive' });
    expect(await json(await audit())).toMatchObject({
      statusCode: 'I',
      issueCount: 1,
      unresolvedIssueCount: 1,
    });
    expect(await json(await call('GET', '/api/sca/issues?project=Web&version=1.2.3'))).toEqual([
      {
        number: 1,
        created: ANALYZED,
        type: 'L',
        detail: 'No license detected.',
        purl: 'pkg:generic/Web@1.2.3',
        resolved: false,
      },
    ]);
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [] });
    expect(await json(await audit())).toMatchObject({
      statusCode: 'N',
      issueCount: 0,
      unresolvedIssueCount: 0,
    });
  });

  it('audits with the build number as build (the docs, pgutil) or version, and moves no stage', async () => {
    await createBuild();
    emulator.sca.setAnalysis('web', '1.2.3', { verdict: 'warn' });
    for (const query of ['project=Web&build=1.2.3', 'project=WEB&version=1.2.3']) {
      const response = await audit(query);
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({ statusCode: 'W', statusText: 'Warn' });
    }
    expect(emulator.sca.project('Web')!.builds[0]!.stage).toBeUndefined();
    const mismatch = await audit('project=Web&build=1.2.3&version=9');
    expect([mismatch.status, await mismatch.text()]).toEqual([
      400,
      '"version" (9) and "build" (1.2.3) name different builds.',
    ]);
    const missing = await audit('project=Web');
    expect([missing.status, await missing.text()]).toEqual([
      400,
      'Query values "project" and "build" (or "version") are required.',
    ]);
    const unknown = await audit('project=Web&build=2.0.0');
    expect([unknown.status, await unknown.text()]).toEqual([
      404,
      'Build "2.0.0" of project "Web" not found.',
    ]);
  });

  it('takes verdicts set in advance, before the build exists, from the options', async () => {
    const own = await startEmulator({
      sca: {
        projects: ['Shop'],
        analyses: [{ project: 'Shop', version: '2.4.0', verdict: 'noncompliant', issues: [LODASH] }],
      },
    });
    try {
      await fetch(`${own.url}/api/sca/builds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ project: 'Shop', version: '2.4.0' }),
      });
      const response = await fetch(`${own.url}/api/sca/promote-build?project=Shop&version=2.4.0&stage=Test`, {
        method: 'POST',
      });
      expect(await response.json()).toMatchObject({ statusCode: 'N', unresolvedIssueCount: 1 });
      own.sca.setAnalysis('Shop', '2.4.0', { verdict: 'compliant' });
      own.reset();
      expect(own.sca.analysis('Shop', '2.4.0')).toMatchObject({ verdict: 'noncompliant' });
    } finally {
      await own.close();
    }
    await expect(
      startEmulator({ sca: { analyses: [{ project: 'Shop', version: '1', verdict: 'failed' as never }] } }),
    ).rejects.toThrow(
      'sca.analyses[0].verdict must be one of compliant, warn, noncompliant, inconclusive, not-analysed',
    );
  });
});

describe('the issues list (BuildIssue)', () => {
  it('lists issues with pgutil’s fields and the older page’s type and vulnerability; [] when none', async () => {
    await createBuild();
    expect(await json(await call('GET', '/api/sca/issues?project=Web&version=1.2.3'))).toEqual([]);
    emulator.sca.setAnalysis('Web', '1.2.3', {
      verdict: 'noncompliant',
      issues: [LODASH, { type: 'L', purl: 'pkg:nuget/Foo@1.0.0', detail: 'because of License (GPL-3.0).' }],
    });
    expect(await json(await call('GET', '/api/sca/issues?project=Web&version=1.2.3'))).toEqual([
      {
        number: 1,
        created: ANALYZED,
        type: 'V',
        detail: 'because of Vulnerability (CVE-2021-23337).',
        purl: 'pkg:npm/lodash@4.17.20',
        vulnerability: 'CVE-2021-23337',
        resolved: false,
      },
      {
        number: 2,
        created: ANALYZED,
        type: 'L',
        detail: 'because of License (GPL-3.0).',
        purl: 'pkg:nuget/Foo@1.0.0',
        resolved: false,
      },
    ]);
  });

  it('resolves one issue with resolve=true, and deletes one with DELETE', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH, LODASH] });
    const resolved = await call('POST', '/api/sca/issues?project=Web&version=1.2.3&number=2&resolve=true');
    expect([resolved.status, resolved.headers.get('content-length'), await resolved.text()]).toEqual([
      200,
      '0',
      '',
    ]);
    const deleted = await call('DELETE', '/api/sca/issues?project=Web&version=1.2.3&number=1');
    expect(deleted.status).toBe(200);
    const listed = (await json(await call('GET', '/api/sca/issues?project=Web&version=1.2.3'))) as {
      number: number;
      resolved: boolean;
    }[];
    expect(listed.map((i) => [i.number, i.resolved])).toEqual([[2, true]]);
  });

  it('answers 400 without a number or resolve=true, and 404 for an unknown issue or build', async () => {
    await createBuild();
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant' });
    const cases: [string, string, number, string][] = [
      [
        'POST',
        'project=Web&version=1.2.3&resolve=true',
        400,
        'Query value "number" (the issue number) is required.',
      ],
      [
        'POST',
        'project=Web&version=1.2.3&number=1',
        400,
        'Query value "resolve=true" is required to resolve an issue.',
      ],
      [
        'POST',
        'project=Web&version=1.2.3&number=7&resolve=true',
        404,
        'Issue #7 of build "1.2.3" not found.',
      ],
      ['GET', 'project=Web', 400, 'Query values "project" and "version" are required.'],
      ['GET', 'project=Web&version=9.9.9', 404, 'Build "9.9.9" of project "Web" not found.'],
      ['GET', 'project=Shop&version=1.2.3', 404, 'Project "Shop" not found.'],
    ];
    for (const [method, query, status, text] of cases) {
      const response = await call(method, `/api/sca/issues?${query}`);
      expect([method, query, response.status, await response.text()]).toEqual([method, query, status, text]);
    }
    expect((await call('PUT', '/api/sca/issues?project=Web&version=1.2.3')).headers.get('allow')).toBe(
      'GET, POST, DELETE',
    );
  });
});

describe('BuildInfo', () => {
  it('names the project, the build and issues pages, and flags packages with unresolved issues', async () => {
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { component: { name: 'Web', version: '1.2.3' } },
      components: [
        { name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' },
        { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
      ],
    };
    await call('POST', '/api/sca/import', sbom);
    emulator.sca.setAnalysis('Web', '1.2.3', { verdict: 'noncompliant', issues: [LODASH] });
    await audit();
    const build = emulator.sca.project('Web')!.builds[0]!;
    const info = (await json(await call('GET', '/api/sca/builds?project=Web&version=1.2.3'))) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      project: 'Web',
      version: '1.2.3',
      viewBuildUrl: `${emulator.url}/projects2/builds/build?buildId=${build.id}`,
      viewIssuesUrl: `${emulator.url}/projects/build/issues?projectBuildId=${build.id}`,
      packages: [
        {
          purl: 'pkg:npm/lodash@4.17.20',
          licenses: [],
          compliance: {
            result: 'Noncompliant',
            detail: 'because of Vulnerability (CVE-2021-23337).',
            date: ANALYZED,
          },
          vulnerabilities: [{ id: 'CVE-2021-23337', title: 'because of Vulnerability (CVE-2021-23337).' }],
        },
        { purl: 'pkg:npm/left-pad@1.3.0', compliance: { result: 'Compliant' }, vulnerabilities: [] },
      ],
    });
  });
});

describe('SCA verdict control endpoint, options and flags', () => {
  it('sets, shows and forgets a build’s verdict with /__emulator/sca/builds/{project}/{version}/analysis', async () => {
    const path = 'sca/builds/Web/1.2.3%2Bmeta/analysis';
    const put = await control('PUT', path, { verdict: 'noncompliant', issues: [LODASH] });
    expect(put.status).toBe(200);
    const set = {
      project: 'Web',
      version: '1.2.3+meta',
      verdict: 'noncompliant',
      issues: [
        {
          number: 1,
          created: ANALYZED,
          type: 'V',
          detail: 'because of Vulnerability (CVE-2021-23337).',
          purl: 'pkg:npm/lodash@4.17.20',
          vulnerability: 'CVE-2021-23337',
          resolved: false,
        },
      ],
    };
    expect(await put.json()).toEqual(set);
    expect(await (await control('GET', path)).json()).toEqual(set);
    expect(((await (await control('GET', 'sca')).json()) as { analyses: unknown }).analyses).toEqual([set]);
    await createBuild('1.2.3+meta');
    expect(await json(await promote('1.2.3%2Bmeta'))).toMatchObject({ statusCode: 'N' });
    expect((await control('DELETE', path)).status).toBe(204);
    expect(await (await control('GET', path)).json()).toEqual({
      project: 'Web',
      version: '1.2.3+meta',
      verdict: 'compliant',
      issues: [],
    });
    expect(emulator.requests.map((r) => r.path)).toEqual([
      '/api/sca/builds',
      '/api/sca/promote-build?project=Web&build=1.2.3%2Bmeta&stage=Production',
    ]);
  });

  it('answers 400 naming the first invalid field', async () => {
    const cases: [unknown, string][] = [
      ['{', 'Invalid analysis: analysis must be an object like {"verdict": "noncompliant", "issues": [...]}'],
      [
        { verdict: 'bad' },
        'Invalid analysis: analysis.verdict must be one of compliant, warn, noncompliant, inconclusive, not-analysed',
      ],
      [{ verdict: 'warn', issue: [] }, 'Invalid analysis: analysis: unknown property "issue"'],
      [{ verdict: 'warn', issues: [{ type: 'V' }] }, 'Invalid analysis: analysis.issues[0].purl is required'],
      [
        { verdict: 'warn', issues: [{ purl: 'p', type: 'vuln' }] },
        'Invalid analysis: analysis.issues[0].type must be one capital letter (L license, V vulnerability, …)',
      ],
      [
        { verdict: 'warn', issues: [{ purl: 'p', resolved: 'yes' }] },
        'Invalid analysis: analysis.issues[0].resolved must be a boolean',
      ],
    ];
    for (const [body, text] of cases) {
      const response = await control('PUT', 'sca/builds/Web/1/analysis', body);
      expect([response.status, await response.text()]).toEqual([400, text]);
    }
    expect((await control('POST', 'sca/builds/Web/1/analysis')).headers.get('allow')).toBe(
      'GET, PUT, DELETE',
    );
  });

  it('takes verdicts on the command line, with --sca-verdict or --sca-analysis', () => {
    expect(
      parseBinArgs([
        '--sca-verdict',
        'shop@2.4.0=noncompliant',
        '--sca-analysis',
        JSON.stringify({ project: 'web', version: '1.0.0', verdict: 'warn', issues: [LODASH] }),
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        sca: {
          analyses: [
            { project: 'shop', version: '2.4.0', verdict: 'noncompliant' },
            { project: 'web', version: '1.0.0', verdict: 'warn', issues: [LODASH] },
          ],
        },
      },
    });
    expect(() => parseBinArgs(['--sca-verdict', 'shop=noncompliant'])).toThrow(
      '--sca-verdict expects PROJECT@VERSION=VERDICT with VERDICT one of compliant, warn, noncompliant, inconclusive, not-analysed; got "shop=noncompliant"',
    );
    expect(() => parseBinArgs(['--sca-analysis', '{"project":"p","verdict":"warn"}'])).toThrow(
      '--sca-analysis expects a JSON object {"project","version","verdict","issues"?}: analysis.version is required',
    );
  });
});
