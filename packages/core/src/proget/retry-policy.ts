/**
 * What to retry and how long to wait. Only answers that say "try again later" and failures before an
 * answer are retried; a 4xx other than 408/429 means the same request would fail again.
 */
const RETRYABLE_STATUS = new Set([408, 429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface BackoffOptions {
  /** First delay's ceiling; doubles on each retry. */
  baseMs: number;
  /** No single wait is longer than this (the per-request timeout). */
  maxMs: number;
}

/**
 * "Full jitter" exponential backoff: a random wait up to base·2^(retry-1), so that many jobs failing at once
 * do not come back at once. A server's Retry-After wins, within the same ceiling.
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}
