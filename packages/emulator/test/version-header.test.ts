import { DEFAULT_PROGET_VERSION, startEmulator } from '../src/index.js';
import { parseBinArgs } from '../src/bin-args.js';
import { RECORD, postJson } from './helpers.js';

describe('X-ProGet-Version', () => {
  it('is on every response: stored, refused, not found, a fault, a download and a control endpoint', async () => {
    const emulator = await startEmulator({ apiKeys: ['k'], anonymous: false });
    try {
      const key = { 'X-ApiKey': 'k' };
      const responses = [
        await postJson(emulator.url, RECORD, key),
        await postJson(emulator.url, RECORD),
        await postJson(emulator.url, RECORD, { 'X-ApiKey': 'wrong' }),
        await postJson(emulator.url, { Application: 'x' }, key),
        await fetch(`${emulator.url}/nowhere`, { headers: key }),
        await fetch(`${emulator.url}/upack/F/download/x/1.0.0`, { headers: key }),
        await fetch(`${emulator.url}/__emulator/health`),
      ];
      emulator.setFaults({ failFirst: { count: 1, status: 503 } });
      responses.push(await postJson(emulator.url, RECORD, key));
      const seen = await Promise.all(
        responses.map(async (r) => {
          await r.arrayBuffer();
          return [r.status, r.headers.get('x-proget-version')];
        }),
      );
      expect(seen).toEqual(
        [200, 401, 403, 400, 404, 200, 200, 503].map((status) => [status, DEFAULT_PROGET_VERSION]),
      );
      // ProGet's four-part form, which pgutil shows as 20{major}.{build}: ProGet 2025.10.
      expect(DEFAULT_PROGET_VERSION).toMatch(/^25\.0\.10\.\d+$/);
    } finally {
      await emulator.close();
    }
  });

  it('can name another version, or be left out as a proxy that strips it would', async () => {
    for (const [proGetVersion, expected] of [
      ['24.0.3.7', '24.0.3.7'],
      [null, null],
    ] as const) {
      const emulator = await startEmulator({ proGetVersion });
      try {
        const response = await postJson(emulator.url, RECORD);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-proget-version')).toBe(expected);
      } finally {
        await emulator.close();
      }
    }
  });

  it('is set from the command line, where "none" leaves it out and anything else is refused', () => {
    expect(parseBinArgs(['--proget-version', '24.0.3.7'])).toEqual({
      kind: 'run',
      options: { proGetVersion: '24.0.3.7' },
    });
    expect(parseBinArgs(['--proget-version', 'none'])).toEqual({
      kind: 'run',
      options: { proGetVersion: null },
    });
    expect(() => parseBinArgs(['--proget-version', 'latest'])).toThrow(
      `--proget-version expects a version such as ${DEFAULT_PROGET_VERSION}, or "none"; got "latest"`,
    );
  });
});
