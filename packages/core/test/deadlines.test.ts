// A server that answers and then trickles (or stops sending) its body must not
// hold a run past its deadlines. Real sockets, small timeouts; the bounds are generous, not benchmarks.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { startHostileServer, type HostileBehaviour, type HostileServer } from '@proget-deploy/testkit';
import { TimeoutError } from '../src/errors.js';
import { deploymentClient } from './deployment-client';
import { downloadFile } from './file-download';

const RECORD = {
  Application: 'App',
  Description: 'Deployed',
  Target: 'prod',
  FeedName: 'feed',
  PackageName: 'web',
  Version: '1.0.0',
};
const TIMEOUT_MS = 400;

let server: HostileServer | undefined;
const dispatcher = new Agent();
afterEach(() => server?.close());
afterAll(() => dispatcher.close());

async function serve(behaviour: HostileBehaviour): Promise<string> {
  server = await startHostileServer(() => behaviour);
  return server.url;
}

function client(url: string, retries: number) {
  return deploymentClient({ server: url, dispatcher, timeoutMs: TIMEOUT_MS, retries, backoffBaseMs: 10 });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: T | Error }> {
  const start = Date.now();
  const outcome = await work().catch((error: Error) => error);
  return { ms: Date.now() - start, outcome };
}

describe('a record: one deadline for the whole exchange', () => {
  it('a 200 whose body trickles forever ends within the timeout (ProGet stored it: no second POST)', async () => {
    const url = await serve({ kind: 'trickle', status: 200, intervalMs: 50 });
    const { ms, outcome } = await timed(() => client(url, 2).send(RECORD));
    expect(outcome).toEqual({ attempts: 1, status: 200 });
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(server!.requests).toHaveLength(1);
  });

  it('an error whose body trickles is a timeout, retried like any other, within timeout × attempts + backoff', async () => {
    const url = await serve({ kind: 'trickle', status: 503, intervalMs: 50 });
    const { ms, outcome } = await timed(() => client(url, 1).send(RECORD));
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect((outcome as TimeoutError).attempts).toBe(2);
    expect(server!.requests).toHaveLength(2);
    expect(ms).toBeLessThan(2 * TIMEOUT_MS + TIMEOUT_MS + 1_000);
  });

  it('headers and then silence ends at the deadline too', async () => {
    const url = await serve({ kind: 'hang-after-headers', status: 200 });
    const { ms, outcome } = await timed(() => client(url, 0).send(RECORD));
    // A 2xx status is ProGet's answer: the record is stored even if the rest never comes.
    expect(outcome).toEqual({ attempts: 1, status: 200 });
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
  });
});

describe('a download: a stall deadline, so a slow but moving transfer finishes', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'deadline-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const download = (url: string, retries: number) =>
    downloadFile({
      url: new URL(`${url}/file`),
      destination: join(dir, 'pkg.upack'),
      dispatcher,
      timeoutMs: TIMEOUT_MS,
      retries,
      backoffBaseMs: 10,
      random: () => 1,
    });

  it('a body that takes longer than the timeout in total, but never stalls, downloads', async () => {
    const url = await serve({ kind: 'trickle', status: 200, intervalMs: 100, bytes: 8 });
    await expect(download(url, 0)).resolves.toEqual({ bytes: 8, attempts: 1 });
  });

  it('a body that stalls is a timeout, retried, and leaves no partial file', async () => {
    const url = await serve({ kind: 'hang-after-headers', status: 200 });
    const { ms, outcome } = await timed(() => download(url, 1));
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(server!.requests).toHaveLength(2);
    expect(ms).toBeLessThan(2 * TIMEOUT_MS + TIMEOUT_MS + 1_000);
    expect(readdirSync(dir)).toEqual([]);
  });
});
