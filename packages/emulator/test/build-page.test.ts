import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';

const KEY = 'system-key';
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], sca: { projects: ['Web <shop>'] } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function post(path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'x-apikey': KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates build 1.2.3 with a package, a comment, a noncompliant verdict and a promotion; returns its BuildInfo. */
async function setUp(): Promise<{ viewBuildUrl: string; viewIssuesUrl: string }> {
  await post('/api/sca/import', {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { component: { name: 'Web <shop>', version: '1.2.3' } },
    components: [{ name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' }],
  });
  await post('/api/sca/builds', { project: 'Web <shop>', version: '1.2.3', url: 'https://ci/run?a=1&b=<2>' });
  await post('/api/sca/comments', {
    project: 'Web <shop>',
    version: '1.2.3',
    comment: 'Deployed <script>alert(1)</script>',
    by: "o'brien",
  });
  emulator.sca.setAnalysis('Web <shop>', '1.2.3', {
    verdict: 'noncompliant',
    issues: [{ type: 'V', purl: 'pkg:npm/lodash@4.17.20', vulnerability: 'CVE-2021-23337' }],
  });
  await post('/api/sca/promote-build?project=Web%20%3Cshop%3E&version=1.2.3&stage=Test');
  const info = await fetch(`${emulator.url}/api/sca/builds?project=Web%20%3Cshop%3E&version=1.2.3`, {
    headers: { 'x-apikey': KEY },
  });
  return (await info.json()) as { viewBuildUrl: string; viewIssuesUrl: string };
}

describe('the build page behind viewBuildUrl', () => {
  it('opens without a key as an HTML page with the build, its verdict, issues, packages and comments', async () => {
    const { viewBuildUrl } = await setUp();
    const response = await fetch(viewBuildUrl);
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'text/html; charset=utf-8',
    ]);
    const html = await response.text();
    expect(html).toContain('<h1>Web &lt;shop&gt; 1.2.3</h1>');
    expect(html).toContain('<dt>Stage</dt><dd>Test</dd>');
    expect(html).toMatch(/<dt>Analysis<\/dt><dd>Noncompliant on \d{4}-\d\d-\d\dT[\d:.]+Z<\/dd>/);
    expect(html).toContain('<dt>Url</dt><dd>https://ci/run?a=1&amp;b=&lt;2&gt;</dd>');
    expect(html).toContain(
      '<td>CVE-2021-23337</td><td>because of Vulnerability (CVE-2021-23337).</td><td>no</td>',
    );
    expect(html).toContain('<td>pkg:npm/lodash@4.17.20</td><td>lodash</td><td>4.17.20</td>');
    expect(html).toContain('<td>o&#39;brien</td>');
    expect(html).toContain('Deployed &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('shows the issues page behind viewIssuesUrl', async () => {
    const { viewIssuesUrl } = await setUp();
    const response = await fetch(viewIssuesUrl);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Web &lt;shop&gt; 1.2.3: Issues</h1>');
    expect(html).toContain('<td>pkg:npm/lodash@4.17.20</td>');
    expect(html).not.toContain('<h2>Packages</h2>');
  });

  it('says when a build has not been analysed yet', async () => {
    await post('/api/sca/builds', { project: 'Web <shop>', version: '2.0.0' });
    const build = emulator.sca.project('Web <shop>')!.builds[0]!;
    const html = await (await fetch(`${emulator.url}/projects2/builds/build?buildId=${build.id}`)).text();
    expect(html).toContain('<dt>Analysis</dt><dd>Compliant (when next analysed; not analysed yet)</dd>');
    expect(html).toContain('<h2>Issues</h2>\n<p>None.</p>');
  });

  it('answers 404 for an unknown build and 405 for other methods', async () => {
    for (const path of [
      '/projects2/builds/build?buildId=999',
      '/projects2/builds/build',
      '/projects/build/issues?projectBuildId=x',
    ]) {
      const response = await fetch(`${emulator.url}${path}`);
      expect([path, response.status, await response.text()]).toEqual([path, 404, 'Build not found.']);
    }
    const posted = await fetch(`${emulator.url}/projects2/builds/build?buildId=1`, { method: 'POST' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET']);
  });
});
