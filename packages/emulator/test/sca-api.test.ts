import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBinArgs } from '../src/bin-args.js';
import { FORBIDDEN_TEXT, startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { FIXTURES } from '@proget-deploy/testkit';

const SYSTEM = 'system-key-with-manage-builds';
const FEED = 'feed-key';
const SBOMS = join(FIXTURES, 'sbom');

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [SYSTEM, FEED],
    anonymous: false,
    sca: { projects: ['Web'], apiKeys: [SYSTEM] },
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function post(path: string, body?: unknown, headers: Record<string, string> = {}, key = SYSTEM) {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'x-apikey': key, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const createBuild = (version = '1.2.3') => post('/api/sca/builds', { project: 'Web', version });

describe('the SCA API', () => {
  it('creates a build once and answers a BuildInfo with its page; property names in any case', async () => {
    const created = await post('/api/sca/builds', { Project: 'web', VERSION: '1.2.3', url: 'https://ci/1' });
    expect(created.status).toBe(200);
    const info = (await created.json()) as Record<string, unknown>;
    const build = emulator.sca.project('Web')!.builds[0]!;
    expect(info).toMatchObject({
      version: '1.2.3',
      active: true,
      url: 'https://ci/1',
      viewBuildUrl: `${emulator.url}/projects2/builds/build?buildId=${build.id}`,
      comments: [],
      packages: [],
    });
    await createBuild();
    expect(emulator.sca.project('Web')!.builds).toHaveLength(1);
    const got = await fetch(`${emulator.url}/api/sca/builds?project=Web&version=1.2.3`, {
      headers: { 'x-apikey': SYSTEM },
    });
    expect(await got.json()).toMatchObject({ version: '1.2.3', url: 'https://ci/1' });
  });

  it('answers 404 for a build of a project that does not exist', async () => {
    const response = await post('/api/sca/builds', { project: 'Shop', version: '1' });
    expect([response.status, await response.text()]).toEqual([404, 'Project "Shop" not found.']);
  });

  it("promotes with the docs' version or pgutil's build, to a known stage only", async () => {
    await createBuild();
    const promote = (query: string) => post(`/api/sca/promote-build?${query}`);
    expect((await promote('project=Web&version=1.2.3&stage=test')).status).toBe(200);
    const viaBuild = await promote('project=Web&build=1.2.3&stage=Production');
    expect(await viaBuild.json()).toMatchObject({ statusText: 'Compliant', totalPackages: 0 });
    expect(emulator.sca.project('Web')!.builds[0]).toMatchObject({
      stage: 'Production',
      promotions: ['Test', 'Production'],
    });
    const unknown = await promote('project=Web&version=1.2.3&build=1.2.3&stage=Prod');
    expect([unknown.status, await unknown.text()]).toEqual([400, 'Stage "Prod" not found.']);
    expect((await promote('project=Web&version=1.2.3&build=9.9.9&stage=Test')).status).toBe(400);
    expect((await promote('project=Web&version=2.0.0&stage=Test')).status).toBe(404);
  });

  it('adds comments with their author', async () => {
    await createBuild();
    const response = await post('/api/sca/comments', {
      project: 'Web',
      version: '1.2.3',
      comment: 'Deployed to production',
      by: 'alice',
    });
    expect(response.status).toBe(200);
    expect(emulator.sca.project('Web')!.builds[0]!.comments).toEqual([
      { number: 1, by: 'alice', date: expect.any(String), comment: 'Deployed to production' },
    ]);
  });

  it.each([
    ['web-1.2.3.cdx.json', 'application/json', 3],
    ['web-1.2.3.cdx.xml', 'text/xml', 2],
  ])('imports %s, keeping its components, into the build it names', async (file, type, count) => {
    const response = await post('/api/sca/import', readFileSync(join(SBOMS, file), 'utf8'), {
      'content-type': type,
    });
    expect(response.status).toBe(200);
    const build = emulator.sca.project('Web')!.builds[0]!;
    expect([build.version, build.sboms, build.packages.length]).toEqual(['1.2.3', 1, count]);
    expect(build.packages[0]).toEqual({ name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' });
  });

  it('refuses an SPDX document with 400', async () => {
    const response = await post('/api/sca/import', readFileSync(join(SBOMS, 'web-1.2.3.spdx.json'), 'utf8'));
    expect([response.status, await response.text()]).toEqual([
      400,
      'The SBOM document is not a CycloneDX document.',
    ]);
  });

  it('refuses a key that is only good for feeds with 403, and a request without a key with 401', async () => {
    const feedKey = await post('/api/sca/builds', { project: 'Web', version: '1' }, {}, FEED);
    expect([feedKey.status, await feedKey.text()]).toEqual([403, FORBIDDEN_TEXT]);
    const anonymous = await fetch(`${emulator.url}/api/sca/projects`);
    expect(anonymous.status).toBe(401);
    expect(emulator.sca.project('Web')!.builds).toEqual([]);
  });
});

describe('SCA control endpoints and options', () => {
  it('pre-creates projects and stages, and shows builds', async () => {
    const project = await fetch(`${emulator.url}/__emulator/sca/projects`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Shop' }),
    });
    expect(project.status).toBe(200);
    const stages = await fetch(`${emulator.url}/__emulator/sca/stages`, {
      method: 'PUT',
      body: JSON.stringify(['Dev', 'Live']),
    });
    expect(stages.status).toBe(204);
    await post('/api/sca/builds', { project: 'Shop', version: '3' });
    expect((await post('/api/sca/promote-build?project=Shop&version=3&stage=Production')).status).toBe(400);
    expect((await post('/api/sca/promote-build?project=Shop&version=3&stage=Live')).status).toBe(200);
    const state = (await (await fetch(`${emulator.url}/__emulator/sca`)).json()) as {
      stages: string[];
      projects: { name: string; builds: { version: string; stage: string }[] }[];
    };
    expect(state.stages).toEqual(['Dev', 'Live']);
    expect(state.projects.map((p) => [p.name, p.builds.map((b) => [b.version, b.stage])])).toEqual([
      ['Web', []],
      ['Shop', [['3', 'Live']]],
    ]);
    emulator.reset();
    expect(emulator.sca.projects.map((p) => p.name)).toEqual(['Web']);
    expect(emulator.sca.stages).toEqual(['Build', 'Integration', 'Test', 'Production']);
  });

  it('takes projects, stages and SCA keys on the command line', () => {
    expect(
      parseBinArgs([
        '--sca-project',
        'Web',
        '--sca-project',
        'Shop',
        '--sca-stage',
        'Live',
        '--sca-key',
        'k',
      ]),
    ).toEqual({
      kind: 'run',
      options: { sca: { projects: ['Web', 'Shop'], stages: ['Live'], apiKeys: ['k'] } },
    });
  });
});
