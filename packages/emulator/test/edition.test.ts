import { parseBinArgs } from '../src/bin-args.js';
import { RATE_LIMIT_TEXT, freeEditionText, startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { RECORD, postJson } from './helpers.js';

const T0 = Date.UTC(2026, 4, 1, 9, 0, 0);
let clock = T0;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ sca: { projects: ['Web'] }, edition: 'basic', now: () => clock });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  clock = T0;
  await post('/api/sca/builds', { project: 'Web', version: '1.0.0' });
});

function post(path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const promoteBuild = () => post('/api/sca/promote-build?project=Web&version=1.0.0&stage=Test');
const auditBuild = () => post('/api/sca/audit-build?project=Web&build=1.0.0');
const promotePackage = () =>
  post('/api/promotions/promote', { name: 'web', version: '1.0.0', fromFeed: 'dev', toFeed: 'prod' });
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

describe('ProGet Basic: ten compliance API actions per hour', () => {
  it('answers the eleventh promote-build or audit-build in an hour with 429, a text and Retry-After', async () => {
    for (let i = 0; i < 10; i++) {
      clock = T0 + i * 60_000; // one a minute
      const response = i % 2 === 0 ? await promoteBuild() : await auditBuild();
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    clock = T0 + 30 * 60_000;
    const limited = await auditBuild();
    expect([
      limited.status,
      limited.headers.get('retry-after'),
      limited.headers.get('content-type'),
      await limited.text(),
    ]).toEqual([429, '1800', 'text/plain; charset=utf-8', RATE_LIMIT_TEXT]);
    expect(RATE_LIMIT_TEXT).toBe(
      'ProGet Basic rate limit exceeded: ProGet Basic Edition allows 10 compliance API actions per hour.',
    );
    // A refused promotion does not move the build.
    expect((await promoteBuild()).status).toBe(429);
    expect(emulator.sca.project('Web')!.builds[0]!.promotions).toHaveLength(5);
  });

  it('lets an action through again once the oldest leaves the hour', async () => {
    for (let i = 0; i < 10; i++) expect((await auditBuild()).status).toBe(200);
    clock = T0 + 3_599_000;
    const limited = await auditBuild();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    clock = T0 + 3_600_000;
    expect((await auditBuild()).status).toBe(200);
  });

  it('counts neither other SCA calls, failed analyses nor package promotions', async () => {
    for (let i = 0; i < 12; i++) {
      expect((await post('/api/sca/builds', { project: 'Web', version: '1.0.0' })).status).toBe(200);
      expect((await post('/api/sca/audit-build?project=Web&build=9')).status).toBe(404);
      expect((await promotePackage()).status).toBe(200);
    }
    const used = (await (await control('GET', 'edition')).json()) as Record<string, unknown>;
    expect(used).toEqual({ edition: 'basic', complianceActionsPerHour: 10, complianceActionsUsed: 0 });
  });

  it('starts the hour afresh with DELETE /__emulator/edition/compliance-actions or resetComplianceActions()', async () => {
    for (let i = 0; i < 10; i++) await auditBuild();
    expect(await (await control('GET', 'edition')).json()).toMatchObject({ complianceActionsUsed: 10 });
    expect((await auditBuild()).status).toBe(429);
    expect((await control('DELETE', 'edition/compliance-actions')).status).toBe(204);
    expect((await auditBuild()).status).toBe(200);
    for (let i = 0; i < 9; i++) await auditBuild();
    emulator.resetComplianceActions();
    expect((await promoteBuild()).status).toBe(200);
    expect(emulator.requests.some((r) => r.path.startsWith('/__emulator'))).toBe(false);
  });
});

describe('ProGet Free: no SCA and no package promotion', () => {
  it('answers every SCA call and both promotion endpoints with 500 and a text naming the feature', async () => {
    emulator.setEdition('free');
    const sca = freeEditionText('SCA (Projects & Builds)');
    const promotion = freeEditionText('Package promotion');
    expect(sca).toBe(
      'SCA (Projects & Builds) is not available in ProGet Free Edition; it requires ProGet Basic or ProGet Enterprise.',
    );
    const calls: [Promise<Response>, string][] = [
      [post('/api/sca/builds', { project: 'Web', version: '2.0.0' }), sca],
      [fetch(`${emulator.url}/api/sca/projects`), sca],
      [promoteBuild(), sca],
      [auditBuild(), sca],
      [fetch(`${emulator.url}/api/sca/issues?project=Web&version=1.0.0`), sca],
      [promotePackage(), promotion],
      [fetch(`${emulator.url}/api/promotions/list`), promotion],
    ];
    for (const [call, text] of calls) {
      const response = await call;
      expect([response.status, response.headers.get('x-proget-edition'), await response.text()]).toEqual([
        500,
        'Free',
        text,
      ]);
    }
    expect(emulator.promotions).toEqual([]);
    expect(emulator.sca.project('Web')!.builds.map((b) => b.version)).toEqual(['1.0.0']);
  });

  it('still records deployments', async () => {
    emulator.setEdition('free');
    expect((await postJson(emulator.url, RECORD)).status).toBe(200);
  });

  it('checks the key before the edition', async () => {
    const keyed = await startEmulator({ apiKeys: ['k'], edition: 'free' });
    try {
      const response = await fetch(`${keyed.url}/api/promotions/list`, { headers: { 'x-apikey': 'wrong' } });
      expect(response.status).toBe(403);
    } finally {
      await keyed.close();
    }
  });
});

describe('the edition: option, control endpoint, header and flag', () => {
  it('sends X-ProGet-Edition on every response, and none with proGetVersion null', async () => {
    const enterprise = await startEmulator();
    const stripped = await startEmulator({ edition: 'basic', proGetVersion: null });
    try {
      const seen = await Promise.all(
        [
          fetch(`${enterprise.url}/__emulator/health`),
          fetch(`${emulator.url}/nuget/F/package/x/1.0.0`),
          fetch(`${stripped.url}/__emulator/health`),
        ].map(async (p) => {
          const r = await p;
          await r.arrayBuffer();
          return r.headers.get('x-proget-edition');
        }),
      );
      expect(seen).toEqual(['Enterprise', 'Basic', null]);
    } finally {
      await enterprise.close();
      await stripped.close();
    }
  });

  it('is changed by PUT /__emulator/edition, which restarts the hour, and restored by reset()', async () => {
    for (let i = 0; i < 10; i++) await auditBuild();
    expect((await control('PUT', 'edition', { edition: 'enterprise' })).status).toBe(204);
    expect(await (await control('GET', 'edition')).json()).toEqual({
      edition: 'enterprise',
      complianceActionsPerHour: null,
      complianceActionsUsed: 0,
    });
    for (let i = 0; i < 11; i++) expect((await auditBuild()).status).toBe(200);
    expect(emulator.edition).toBe('enterprise');
    expect((await control('PUT', 'edition', { edition: 'basic' })).status).toBe(204);
    expect((await auditBuild()).status).toBe(200);
    emulator.setEdition('free');
    emulator.reset();
    expect(emulator.edition).toBe('basic');
    for (const body of ['{', { edition: 'trial' }]) {
      const response = await control('PUT', 'edition', body);
      expect([response.status, await response.text()]).toEqual([
        400,
        'Send {"edition": "…"} with one of free, basic, enterprise.',
      ]);
    }
  });

  it('refuses an unknown edition at start and in setEdition', async () => {
    await expect(startEmulator({ edition: 'trial' as never })).rejects.toThrow(
      'edition must be one of free, basic, enterprise; got "trial"',
    );
    expect(() => emulator.setEdition('pro' as never)).toThrow(
      'edition must be one of free, basic, enterprise',
    );
  });

  it('is set on the command line with --edition', () => {
    expect(parseBinArgs(['--edition', 'basic'])).toEqual({ kind: 'run', options: { edition: 'basic' } });
    expect(() => parseBinArgs(['--edition', 'Basic'])).toThrow(
      '--edition expects one of free, basic, enterprise; got "Basic"',
    );
  });
});
