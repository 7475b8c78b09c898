// The adversarial suite, part 2: the fault matrix. Every front end against servers that trickle, hang, reset,
// answer with a proxy's HTML page, rate-limit, redirect elsewhere, do not exist, refuse or present a
// certificate nobody trusts. Each run must end within timeout × attempts + the backoff waits (each at most
// the timeout), with the outcome a user should see. Timeouts are 1 s so the matrix stays fast; the bounds
// are bounds, not benchmarks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startHostileServer,
  type HostileBehaviour,
  type HostileServer,
  FIXTURES,
} from '@proget-deploy/testkit';
import { closedPort } from '@proget-deploy/testkit';
import { FRONT_ENDS, oneDeployment, run, type FrontEnd, type Inputs, type Outcome } from './front-ends';
import { expectNoRawControls, expectNoSecret, tally } from './secrets';

const TIMEOUT_S = 1;
const RETRIES = 1;
const ATTEMPTS = RETRIES + 1;
/** timeout × attempts + one backoff wait per retry, each at most the timeout (a Retry-After too). */
const BOUND_MS = (TIMEOUT_S * ATTEMPTS + TIMEOUT_S * RETRIES) * 1000;
/** From the first request to the process's exit, the run also writes its outputs and summary. */
const WRAP_UP_MS = 1_500;
/** Without a server to note the first request (DNS, refused, TLS), the process's start-up counts too. */
const START_UP_MS = 6_000;

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';

interface Fault {
  what: string;
  /** The hostile server's behaviour; undefined for faults that have no server (DNS, refused). */
  behaviour?: (other: string) => HostileBehaviour;
  tls?: boolean;
  server?: () => Promise<string>;
  inputs?: Inputs;
  result: Outcome['result'];
  /** Requests the server must have seen. */
  requests?: number;
  says?: RegExp;
}

const download: Inputs = { mode: 'download', feedType: 'universal' };
const FAULTS: Fault[] = [
  {
    what: 'a 200 whose body trickles forever (record: stored, ended at the deadline)',
    behaviour: () => ({ kind: 'trickle', status: 200, intervalMs: 200 }),
    result: 'success',
    requests: 1,
  },
  {
    what: 'a 502 whose body trickles forever',
    behaviour: () => ({ kind: 'trickle', status: 502, intervalMs: 200 }),
    result: 'failure',
    requests: ATTEMPTS,
    says: /no answer from 127\.0\.0\.1:\d+ within 1 s \(2 attempts\)/,
  },
  {
    what: 'headers, then silence (download: a stall)',
    behaviour: () => ({ kind: 'hang-after-headers', status: 200 }),
    inputs: download,
    result: 'failure',
    requests: ATTEMPTS,
    says: /no answer from 127\.0\.0\.1:\d+ within 1 s \(2 attempts\)/,
  },
  {
    what: 'a reset in the middle of the body (download)',
    behaviour: () => ({ kind: 'reset-mid-body', status: 200, length: 65_536 }),
    inputs: download,
    result: 'failure',
    requests: ATTEMPTS,
    says: /127\.0\.0\.1:\d+ answered 200 but the connection closed after \d+ of 65536 bytes \((UND_ERR_SOCKET|ECONNRESET)/,
  },
  {
    what: "a 502 with a proxy's HTML page",
    behaviour: () => ({
      kind: 'respond',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: HTML_PAGE,
    }),
    result: 'failure',
    requests: ATTEMPTS,
    says: /answered 502 Bad Gateway after 2 attempts — the server said: 502 Bad Gateway nginx/,
  },
  {
    what: 'a 502 with on-error warn (forgiven: it may heal)',
    behaviour: () => ({ kind: 'respond', status: 502, body: 'down' }),
    inputs: { onError: 'warn' },
    result: 'warning',
    requests: ATTEMPTS,
  },
  {
    what: 'a 429 with Retry-After in seconds',
    behaviour: () => ({ kind: 'respond', status: 429, headers: { 'retry-after': '30' }, body: 'slow down' }),
    result: 'failure',
    requests: ATTEMPTS,
    says: /answered 429 Too Many Requests after 2 attempts/,
  },
  {
    what: 'a 429 with Retry-After as an HTTP date',
    behaviour: () => ({
      kind: 'respond',
      status: 429,
      headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() },
      body: 'slow down',
    }),
    result: 'failure',
    requests: ATTEMPTS,
    says: /429 Too Many Requests/,
  },
  {
    what: 'a redirect to another host, with on-error warn (never followed, never forgiven)',
    behaviour: (other) => ({ kind: 'redirect', status: 307, location: `${other}/api/package-deployment/` }),
    inputs: { onError: 'warn' },
    result: 'failure',
    requests: 1,
    says: /answered 307 Temporary Redirect/,
  },
  {
    what: 'a 404 with on-error warn (never forgiven)',
    behaviour: () => ({ kind: 'respond', status: 404, body: 'Feed name cannot be found' }),
    inputs: { onError: 'warn' },
    result: 'failure',
    requests: 1,
    says: /404 Not Found/,
  },
  {
    what: 'a 405 with on-error warn (never forgiven)',
    behaviour: () => ({ kind: 'respond', status: 405, body: 'no' }),
    inputs: { onError: 'warn' },
    result: 'failure',
    requests: 1,
    says: /405 Method Not Allowed/,
  },
  {
    what: 'a host that does not exist (DNS)',
    server: async () => 'https://proget.invalid',
    result: 'failure',
    says: /could not reach proget\.invalid \(ENOTFOUND|EAI_AGAIN/,
  },
  {
    what: 'a refused connection',
    server: async () => `http://127.0.0.1:${await closedPort()}`,
    result: 'failure',
    says: /could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED/,
  },
  {
    what: 'a certificate no one trusts',
    behaviour: () => ({ kind: 'respond', status: 200, body: 'ok' }),
    tls: true,
    result: 'failure',
    requests: 0,
    says: /TLS check failed for 127\.0\.0\.1:\d+: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_GET_ISSUER)/,
  },
];

let downloadTo: string;
beforeAll(() => (downloadTo = mkdtempSync(join(tmpdir(), 'adversarial-faults-'))));
const worst: Record<string, number> = {};
afterAll(() => {
  rmSync(downloadTo, { recursive: true, force: true });
  tally.print(`fault matrix: ${FAULTS.length} faults × ${FRONT_ENDS.length} front ends`);
  process.stdout.write(
    `[adversarial] worst case per fault (ms after the first request, or the whole run without a server; bound ${BOUND_MS} ms):\n${Object.entries(
      worst,
    )
      .map(([what, ms]) => `  ${ms} ms  ${what}`)
      .join('\n')}\n`,
  );
});

const CASES = FAULTS.flatMap((fault) => FRONT_ENDS.map((frontEnd) => [fault.what, frontEnd, fault] as const));

it.concurrent.each(CASES)('%s: %s', async (_what, frontEnd: FrontEnd, fault) => {
  const other = await startHostileServer(() => ({ kind: 'respond', status: 200, body: 'elsewhere' }));
  let server: HostileServer | undefined;
  try {
    if (fault.behaviour) {
      const tls = fault.tls
        ? {
            cert: readFileSync(join(FIXTURES, 'server.pem')),
            key: readFileSync(join(FIXTURES, 'server.key')),
          }
        : undefined;
      const behaviour = fault.behaviour(other.url.replace('127.0.0.1', 'localhost'));
      server = await startHostileServer(() => behaviour, tls ? { tls } : {});
    }
    const url = server?.url ?? (await fault.server!());
    const outcome = await run(frontEnd, {
      ...oneDeployment(url, downloadTo),
      timeout: String(TIMEOUT_S),
      retries: String(RETRIES),
      ...fault.inputs,
    });
    const end = Date.now();
    const first = server?.requests[0]?.at;
    const elapsed = first ? end - first : outcome.ms;
    worst[fault.what] = Math.max(worst[fault.what] ?? 0, elapsed);
    tally.run(outcome);
    expect(outcome.result).toBe(fault.result);
    if (fault.says) expect(outcome.errorLines.join('\n')).toMatch(fault.says);
    if (fault.requests !== undefined) expect(server!.requests).toHaveLength(fault.requests);
    // A redirect is never followed: the key reaches no other host.
    expect(other.requests).toHaveLength(0);
    expect(elapsed).toBeLessThanOrEqual(BOUND_MS + (first ? WRAP_UP_MS : START_UP_MS));
    expectNoSecret(outcome);
    expectNoRawControls(outcome);
  } finally {
    await Promise.all([other.close(), server?.close()]);
  }
});
