import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchThrough } from '../src/github-fetch';

/** A loopback server that answers every request with `answer` and keeps the headers it was sent. */
async function server(answer: (path: string) => { status: number; location?: string; body?: string }) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const http: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const { status, location, body } = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json', ...(location ? { location } : {}) });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

const TOKEN = { authorization: 'token ghs_lookup-token', 'user-agent': 'test' };

describe("the lookup's fetch (Node's own HTTP client)", () => {
  it('follows a redirect on the same origin with the token, as for a renamed repository', async () => {
    const api = await server((path) =>
      path === '/repos/old/shop/deployments'
        ? { status: 301, location: '/repositories/42/deployments' }
        : { status: 200, body: '[{"id":9}]' },
    );
    try {
      const answer = await fetchThrough({})(`${api.url}/repos/old/shop/deployments`, { headers: TOKEN });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe('[{"id":9}]');
      expect(answer.url).toBe(`${api.url}/repositories/42/deployments`);
      expect(api.seen.map((r) => r.headers.authorization)).toEqual([
        TOKEN.authorization,
        TOKEN.authorization,
      ]);
    } finally {
      await api.close();
    }
  });

  it('never sends the token to another origin a redirect names', async () => {
    const elsewhere = await server(() => ({ status: 200, body: '[]' }));
    const api = await server(() => ({ status: 302, location: `${elsewhere.url}/collect` }));
    try {
      const answer = await fetchThrough({})(`${api.url}/repos/acme/shop/deployments`, { headers: TOKEN });
      expect(answer.status).toBe(200);
      expect(elsewhere.seen).toHaveLength(1);
      expect(elsewhere.seen[0]!.headers.authorization).toBeUndefined();
      expect(elsewhere.seen[0]!.headers['user-agent']).toBe('test');
    } finally {
      await api.close();
      await elsewhere.close();
    }
  });
});
