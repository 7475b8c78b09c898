import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../src/proget/retry-policy.js';

describe('isRetryableStatus', () => {
  it('retries exactly 408, 429, 502, 503 and 504', () => {
    const retryable = [];
    for (let status = 100; status < 600; status++) if (isRetryableStatus(status)) retryable.push(status);
    expect(retryable).toEqual([408, 429, 502, 503, 504]);
  });

  it.each([200, 400, 401, 403, 404, 409, 500, 501, 505])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.parse('2026-11-25T14:30:00Z');

  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 14:30:05 GMT', NOW)).toBe(5000);
  });

  it('reads an HTTP date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 14:29:00 GMT', NOW)).toBe(0);
  });

  it('uses the first of several header values', () => {
    expect(parseRetryAfter(['3', '60'], NOW)).toBe(3000);
  });

  it.each([undefined, '', '   ', 'soon', 'Thu, 99 Foo 2026'])('gives up on %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('waits at most base·2^(retry-1), capped at maxMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 10].map((retry) => backoffDelay(retry, options, undefined, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('can wait no time at all (full jitter)', () => {
    expect(backoffDelay(3, options, undefined, () => 0)).toBe(0);
  });

  it('scales the random draw into the ceiling', () => {
    expect(backoffDelay(1, options, undefined, () => 0.5)).toBe(50);
    expect(backoffDelay(3, options, undefined, () => 0.25)).toBe(100);
  });

  it('stays within [0, base·2^(retry-1)] for any draw', () => {
    for (let retry = 1; retry <= 6; retry++) {
      const ceiling = Math.min(1000, 100 * 2 ** (retry - 1));
      for (let i = 0; i <= 20; i++) {
        const delay = backoffDelay(retry, options, undefined, () => i / 20 - (i === 20 ? 1e-9 : 0));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('uses Math.random by default, within the ceiling', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(2, options, undefined);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });

  it("lets the server's Retry-After win over the backoff", () => {
    expect(backoffDelay(1, options, 700, () => 0)).toBe(700);
    expect(backoffDelay(5, options, 0, () => 1)).toBe(0);
  });

  it('caps Retry-After at maxMs', () => {
    expect(backoffDelay(1, options, 120_000, () => 0)).toBe(1000);
  });
});
