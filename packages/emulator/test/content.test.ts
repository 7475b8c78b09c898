import { createHash } from 'node:crypto';
import { parseBinArgs } from '../src/bin-args.js';
import { contentSha256, expectedContent } from '../src/index.js';
import { isLoopbackHost } from '../src/server.js';

describe('deterministic content', () => {
  it('is the same for the same package, different for another, and of the given size', () => {
    const a = expectedContent({ name: 'a', version: '1.0.0', size: 100_000 });
    expect(a).toHaveLength(100_000);
    expect(a.equals(expectedContent({ name: 'a', version: '1.0.0', size: 100_000 }))).toBe(true);
    expect(a.equals(expectedContent({ name: 'a', version: '1.0.1', size: 100_000 }))).toBe(false);
    expect(expectedContent({ name: 'a', version: '1.0.0' })).toHaveLength(1024);
    expect(expectedContent({ name: 'a', version: '1.0.0', size: 0 })).toHaveLength(0);
  });

  it('hashes to contentSha256', () => {
    const pkg = { group: 'g', name: 'a', version: '1', size: 200_001 };
    expect(createHash('sha256').update(expectedContent(pkg)).digest('hex')).toBe(contentSha256(pkg));
  });
});

describe('proget-emulator arguments', () => {
  it('parses every option', () => {
    expect(
      parseBinArgs([
        '--port',
        '8624',
        '--api-key',
        'a',
        '--api-key',
        'b',
        '--no-anonymous',
        '--feed',
        'Main:universal',
        '--feed',
        'NuGet:nuget',
        '--latency',
        '25',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 8624,
        apiKeys: ['a', 'b'],
        anonymous: false,
        feeds: { Main: { type: 'universal' }, NuGet: { type: 'nuget' } },
        faults: { latencyMs: 25 },
      },
    });
    expect(parseBinArgs([])).toEqual({ kind: 'run', options: {} });
    // A key alone leaves the policy to the server: a key given means a key required.
    expect(parseBinArgs(['--api-key', 'a'])).toEqual({ kind: 'run', options: { apiKeys: ['a'] } });
    expect(parseBinArgs(['--api-key', 'a', '--anonymous'])).toEqual({
      kind: 'run',
      options: { apiKeys: ['a'], anonymous: true },
    });
    expect(parseBinArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    ['--port', 'x'],
    ['--feed', 'Main:pypi'],
    ['--feed', 'Main'],
    ['--bogus'],
    ['--anonymous', '--no-anonymous'],
  ])('rejects %s %s', (...args) => {
    expect(() => parseBinArgs(args.filter((a): a is string => a !== undefined))).toThrow();
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopbackHost(host)).toBe(false);
  });
});
