// The adversarial suite, part 3: the secret scan. Servers echo the key back in every position and form a
// server could (near the 300-character excerpt cut, near the 64 KiB read limit, URL-encoded, as basic auth,
// inside HTML entities, in a redirect's Location), on every path a run can take (recorded, rejected, retried,
// dry run, download, bad input), with each platform's debug logging on. Every byte each bundle writes —
// stdout, stderr, outputs, summaries, files — must hold no 6 characters of the key in any of its forms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostileServer, type HostileBehaviour, type HostileRequest } from '@proget-deploy/testkit';
import { FRONT_ENDS, oneDeployment, run, type FrontEnd, type Inputs, type RunOptions } from './front-ends';
import { KEY, URL_SECRET, expectNoRawControls, expectNoSecret, tally } from './secrets';

const FORMS: Record<string, string> = {
  raw: KEY,
  'URL-encoded': encodeURIComponent(KEY),
  'basic auth': Buffer.from(`api:${KEY}`).toString('base64'),
  'in a query string': `https://proget.example/x?key=${KEY}&y=1`,
  'as URL credentials': `https://api:${KEY}@proget.example/`,
  'as HTML entities': [...KEY].map((c) => `&#${c.charCodeAt(0)};`).join(''),
};
/** Where in the body: the start, around the 300-character excerpt cut, around the 64 KiB read limit. */
const POSITIONS = [
  0, 1, 150, 280, 290, 295, 297, 298, 299, 300, 301, 320, 2_000, 65_520, 65_530, 65_536, 70_000,
];
const STATUSES = [400, 500, 403, 404, 503, 409];

interface Echo {
  what: string;
  behaviour: (req: HostileRequest) => HostileBehaviour;
  inputs?: Inputs;
  options?: RunOptions;
  /** Secrets besides the key that must not appear. */
  secrets?: string[];
}

/** Every position meets every form and several statuses, each on one front end in turn. */
const echoes: Echo[] = POSITIONS.flatMap((position, p) =>
  Object.entries(FORMS)
    .filter((_, f) => (p + f) % 2 === 0)
    .map(([form, text], f) => {
      const status = STATUSES[(p + f) % STATUSES.length]!;
      const html = form === 'as HTML entities';
      return {
        what: `${status} echoing the key ${form} at ${position} characters`,
        behaviour: () => ({
          kind: 'respond',
          status,
          headers: { 'content-type': html ? 'text/html' : 'text/plain' },
          body: `${html ? '<html><body>' : ''}${'x'.repeat(position)}${text}${'y'.repeat(500)}`,
        }),
        inputs: form === 'basic auth' ? { authMethod: 'basic' } : {},
      } satisfies Echo;
    }),
);

const PATHS: Echo[] = [
  {
    what: 'a redirect whose Location carries the key',
    behaviour: () => ({
      kind: 'redirect',
      status: 302,
      location: `https://elsewhere.example/?key=${KEY}&x=${KEY}`,
    }),
  },
  {
    what: 'a recorded run echoing the key in a 200 body',
    behaviour: () => ({ kind: 'respond', status: 200, body: `stored for ${KEY}` }),
  },
  {
    what: 'a dry run',
    behaviour: () => ({ kind: 'respond', status: 200, body: 'never asked' }),
    inputs: { dryRun: 'true' },
  },
  {
    what: 'a download that succeeds',
    behaviour: () => ({
      kind: 'respond',
      status: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: `file ${KEY}`,
    }),
    inputs: { mode: 'download', feedType: 'universal' },
  },
  {
    what: 'a download that fails with the key in the body',
    behaviour: () => ({ kind: 'respond', status: 410, body: `gone: ${KEY}` }),
    inputs: { mode: 'download', feedType: 'universal' },
  },
  {
    what: 'a retried 503 echoing the key, forgiven by on-error warn',
    behaviour: () => ({ kind: 'respond', status: 503, body: `busy ${KEY}` }),
    inputs: { onError: 'warn', retries: '1' },
  },
  {
    what: 'a 401 echoing the request headers',
    behaviour: (req) => ({ kind: 'respond', status: 401, body: JSON.stringify(req.headers) }),
  },
  {
    what: 'a 400 echoing the request headers with basic auth',
    behaviour: (req) => ({ kind: 'respond', status: 400, body: JSON.stringify(req.headers) }),
    inputs: { authMethod: 'basic' },
  },
  {
    what: 'a 400 whose body carries terminal escapes and bidi overrides',
    behaviour: () => ({
      kind: 'respond',
      status: 400,
      body: `\x1b[2J\x1b]0;owned\x07 bad \u202eevil\u202c \r overwritten ${KEY}\x1b[0m`,
    }),
  },
  {
    what: 'a bad input next to the key',
    behaviour: () => ({ kind: 'respond', status: 200, body: '' }),
    inputs: { feed: `bad\x1b${KEY}` },
  },
];

let downloadTo: string;
beforeAll(() => (downloadTo = mkdtempSync(join(tmpdir(), 'adversarial-secrets-'))));
afterAll(() => {
  rmSync(downloadTo, { recursive: true, force: true });
  tally.print(
    `secret scan: ${echoes.length} echoes in turn, ${PATHS.length} paths on every front end, debug on`,
  );
});

const CASES: Array<readonly [string, FrontEnd, Echo]> = [
  ...echoes.map((echo, i) => [echo.what, FRONT_ENDS[i % 3]!, echo] as const),
  ...PATHS.flatMap((path) => FRONT_ENDS.map((frontEnd) => [path.what, frontEnd, path] as const)),
];

it.concurrent.each(CASES)('%s (%s)', async (_what, frontEnd, echo) => {
  const server = await startHostileServer(echo.behaviour);
  try {
    const outcome = await run(
      frontEnd,
      {
        ...oneDeployment(server.url, downloadTo),
        timeout: '1',
        retries: '0',
        ...echo.inputs,
      },
      { debug: true, ...echo.options },
    );
    tally.run(outcome);
    expect(outcome.bytes).toBeGreaterThan(0);
    expectNoSecret(outcome, echo.secrets);
    expectNoRawControls(outcome);
  } finally {
    await server.close();
  }
});

/**
 * A key a user pasted into a URL (the service connection's, `server`, `downloadUrl`) must be
 * registered as a secret before task-lib's debug line prints the URL, and the task must refuse the URL.
 */
describe('Azure: credentials inside a URL, with System.Debug on', () => {
  const cases: Array<[string, (url: string) => { inputs: Inputs; options: RunOptions }]> = [
    [
      'the service connection URL (user:password@)',
      (url) => ({
        inputs: {},
        options: { serviceConnectionUrl: url.replace('://', `://api:${URL_SECRET}@`) },
      }),
    ],
    [
      'the service connection URL (?key=)',
      (url) => ({ inputs: {}, options: { serviceConnectionUrl: `${url}/?key=${URL_SECRET}` } }),
    ],
    [
      'the server input (user:password@)',
      (url) => ({ inputs: { server: url.replace('://', `://api:${URL_SECRET}@`) }, options: {} }),
    ],
    [
      'the server input (?api_key=)',
      (url) => ({ inputs: { server: `${url}/?api_key=${URL_SECRET}` }, options: {} }),
    ],
    [
      'the downloadUrl input (user:password@)',
      (url) => ({
        inputs: { mode: 'download', downloadUrl: `${url.replace('://', `://${URL_SECRET}@`)}/x.upack` },
        options: {},
      }),
    ],
    [
      'the downloadUrl input (?key=)',
      (url) => ({
        inputs: { mode: 'download', downloadUrl: `${url}/x.upack?key=${URL_SECRET}` },
        options: {},
      }),
    ],
  ];

  it.concurrent.each(cases)('%s', async (_what, setup) => {
    const server = await startHostileServer(() => ({ kind: 'respond', status: 200, body: 'ok' }));
    try {
      const { inputs, options } = setup(server.url);
      const outcome = await run(
        'azure',
        {
          ...oneDeployment(server.url, downloadTo),
          ...inputs,
        },
        { debug: true, ...options },
      );
      tally.run(outcome);
      expect(outcome.written).toContain('##vso[task.debug]');
      expectNoSecret(outcome, [KEY, URL_SECRET]);
      // A URL with credentials in it is refused, except a downloadUrl's query, which ProGet reads as a key.
      if (!/downloadUrl input \(\?key/.test(_what)) {
        expect(outcome.result).toBe('failure');
        expect(server.requests).toHaveLength(0);
      }
    } finally {
      await server.close();
    }
  });
});
