import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GitHubData } from './fake-github';

export interface ApiRequest {
  path: string;
  authorization?: string;
}

export interface GitHubApiStandIn {
  url: string;
  requests: ApiRequest[];
  /** The bytes a 'flood' answer got onto the wire before the client hung up. */
  flooded: () => number;
  close(): Promise<void>;
}

export type Misbehaviour = 'deny jobs' | 'deny deployments' | 'hang' | 'flood' | 'cut';

/** What 'flood' sends, at most: far beyond the lookup's 8 MiB cap, and finite, so a test cannot run for ever. */
const FLOOD_BYTES = 256 * 1024 * 1024;

/** A 200 JSON answer that does not end where a page would: spaces after an opening bracket, 1 MiB at a time. */
function flood(res: ServerResponse, counted: { bytes: number }): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.write('{"total_count":1,"jobs":[');
  const chunk = Buffer.alloc(1024 * 1024, ' ');
  const more = () => {
    while (counted.bytes < FLOOD_BYTES && !res.destroyed) {
      counted.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end(']}');
  };
  res.on('error', () => {}); // the client hangs up once it has read enough
  more();
}

/**
 * A loopback stand-in for the three REST endpoints the environment lookup calls, answering as GitHub does
 * (JSON, 403 "Resource not accessible by integration" for a token without the permission), not at all,
 * without end, or with half an answer.
 */
export async function startGitHubApi(data: GitHubData, misbehave?: Misbehaviour): Promise<GitHubApiStandIn> {
  const requests: ApiRequest[] = [];
  const flooded = { bytes: 0 };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const forbidden = {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest',
    status: '403',
  };
  const answer = (path: string, query: URLSearchParams): [number, unknown] => {
    if (path === '/repos/acme/shop/actions/runs/4242/attempts/2/jobs') {
      return misbehave === 'deny jobs'
        ? [403, forbidden]
        : [200, { total_count: data.jobs.length, jobs: data.jobs }];
    }
    const statuses = /^\/repos\/acme\/shop\/deployments\/(\d+)\/statuses$/.exec(path);
    if (path === '/repos/acme/shop/deployments' || statuses) {
      if (misbehave === 'deny deployments') return [403, forbidden];
      return [
        200,
        statuses
          ? (data.statuses[Number(statuses[1])] ?? [])
          : (data.deployments[query.get('sha') ?? ''] ?? []),
      ];
    }
    return [404, { message: 'Not Found' }];
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    if (misbehave === 'hang') return; // never answered, until close()
    if (misbehave === 'flood') return flood(res, flooded);
    if (misbehave === 'cut') {
      // Half a page, then the connection drops: what a proxy restarting mid-answer does.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '4096' });
      res.write('{"total_count":1,"jobs":[');
      return void setTimeout(() => res.socket?.destroy(), 50);
    }
    send(res, ...answer(url.pathname, url.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    flooded: () => flooded.bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
