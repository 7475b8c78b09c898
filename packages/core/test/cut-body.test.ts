// A body that breaks after the status: a download must leave nothing behind in its folder, every time, and
// every request must say what happened (the server answered; the connection closed part way), not "could not
// reach".
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { startHostileServer, type HostileBehaviour, type HostileServer } from '@proget-deploy/testkit';
import { NetworkError } from '../src/errors.js';
import { send } from '../src/proget/pipeline.js';
import { deploymentClient } from './deployment-client';
import { downloadFile } from './file-download';

const TIMEOUT_MS = 2_000;
const RECORD = {
  Application: 'App',
  Description: 'Deployed',
  Target: 'prod',
  FeedName: 'feed',
  PackageName: 'web',
  Version: '1.0.0',
};

let server: HostileServer | undefined;
let dir: string;
const dispatcher = new Agent();
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'download-cut-'))));
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => dispatcher.close());

async function serve(behaviour: HostileBehaviour): Promise<string> {
  server = await startHostileServer(() => behaviour);
  return server.url;
}

const download = (url: string, retries: number) =>
  downloadFile({
    url: new URL(`${url}/file`),
    destination: join(dir, 'web-1.0.0.upack'),
    dispatcher,
    timeoutMs: TIMEOUT_MS,
    retries,
    sleep: async () => {},
    random: () => 1,
  });

describe('a download whose connection breaks after the headers', () => {
  it('leaves the folder empty after every failed attempt, even when the break beats the file open', async () => {
    // One byte, then a reset: the error reaches the client within microseconds of the headers, which is
    // when the temporary file was still being opened (the race QA hit about once in 30 runs).
    const url = await serve({ kind: 'reset-mid-body', status: 200, length: 2 });
    for (let run = 0; run < 60; run += 1) {
      await expect(download(url, 0)).rejects.toBeInstanceOf(NetworkError);
      expect(readdirSync(dir)).toEqual([]);
    }
    // A file opened late would appear after the check above: look again once any open still queued is done.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says the server answered and how much arrived, and retries it', async () => {
    const url = await serve({ kind: 'reset-mid-body', status: 200, length: 65_536 });
    const error = (await download(url, 1).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(server!.requests).toHaveLength(2);
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toMatch(
      /^127\.0\.0\.1:\d+ answered 200 but the connection closed after \d+ of 65536 bytes \((UND_ERR_SOCKET: other side closed|ECONNRESET)/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('an API answer whose body is cut after the status', () => {
  it('a record: the 2xx status is ProGet storing it, so it succeeds once and is never sent twice', async () => {
    const url = await serve({ kind: 'reset-mid-body', status: 201, length: 4_096 });
    const client = deploymentClient({
      server: url,
      dispatcher,
      timeoutMs: TIMEOUT_MS,
      retries: 2,
      backoffBaseMs: 1,
    });
    await expect(client.send(RECORD)).resolves.toEqual({ attempts: 1, status: 201 });
    expect(server!.requests).toHaveLength(1);
  });

  it('a body that is read (SCA): says the server answered, not that it could not be reached; retried', async () => {
    const url = await serve({ kind: 'reset-mid-body', status: 200, length: 4_096 });
    const connection = {
      server: url,
      keyPlacement: 'header' as const,
      dispatcher,
      timeoutMs: TIMEOUT_MS,
      retries: 1,
      userAgent: 'test',
      sleep: async () => {},
    };
    const error = await send(connection, {
      method: 'GET',
      url: new URL(`${url}/api/sca/builds`),
      label: 'SCA build',
      read: (response) => response.body.text(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', reason: 'cut-short', attempts: 2 });
    expect(server!.requests).toHaveLength(2);
    expect((error as Error).message).toMatch(
      /^127\.0\.0\.1:\d+ answered 200 but the connection closed before the whole body arrived \((UND_ERR_SOCKET: other side closed|ECONNRESET)/,
    );
  });
});
