import type { Dispatcher } from 'undici';
import { request } from './undici-parts.js';
import { DeploymentError } from './errors.js';
import { errorFromException, errorFromResponse, isTlsFailure, type ErrorContext } from './http-errors.js';
import { silentLogger, type Logger } from './logger.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

/** One attempt's outcome: a value, or the typed error and whether trying again could help. */
export type Attempt<T> =
  { ok: true; value: T } | { ok: false; error: DeploymentError; retryable: boolean; retryAfterMs?: number };

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  /** No answer (headers) within this long fails the attempt; a body that stalls this long, too. */
  timeoutMs: number;
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Makes one request and classifies what went wrong. A 2xx answer is handed to `onSuccess` (read a small
 * body, or stream a large one to disk); anything else is drained and becomes the error a user can act on.
 */
export async function httpAttempt<T>(
  req: HttpRequest,
  ctx: ErrorContext,
  onSuccess: (response: Dispatcher.ResponseData) => Promise<T>,
): Promise<Attempt<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: req.dispatcher,
      signal: controller.signal,
      bodyTimeout: req.timeoutMs,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // Once ProGet answers, a long download is bounded by bodyTimeout (idle time), not by the whole transfer.
      clearTimeout(timer);
      return { ok: true, value: await onSuccess(response) };
    }
    const text = await response.body.text();
    return {
      ok: false,
      error: errorFromResponse(
        response.statusCode,
        text,
        header(response.headers, 'content-type') ?? '',
        ctx,
        header(response.headers, 'location'),
        {
          proGetVersion: header(response.headers, 'x-proget-version'),
          server: header(response.headers, 'server'),
        },
      ),
      retryable: isRetryableStatus(response.statusCode),
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    };
  } catch (error) {
    // onSuccess reports its own failures (a download cut short) already typed.
    if (error instanceof DeploymentError) {
      return { ok: false, error, retryable: error.kind === 'network' || error.kind === 'timeout' };
    }
    const stalled = (error as { code?: string })?.code === 'UND_ERR_BODY_TIMEOUT';
    return {
      ok: false,
      error: errorFromException(error, ctx, timedOut || stalled),
      retryable: !isTlsFailure(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one attempt under a batch's concurrency limit; `retry` attempts go to the front of the line, so a
 * record that already waited out its backoff is not sent to the back of a long batch. Single sends pass.
 */
export type Gate = <T>(attempt: () => Promise<Attempt<T>>, retry: boolean) => Promise<Attempt<T>>;

export const unlimited: Gate = (attempt) => attempt();

export interface RetryOptions {
  retries: number;
  /** Ceiling of any single wait. */
  timeoutMs: number;
  backoffBaseMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger?: Logger;
  /** Names what is being retried in log lines. */
  label: string;
  /** The batch's concurrency limit; backoff waits happen outside it. */
  gate?: Gate;
}

/** Runs attempts until one succeeds, one fails for good, or the retries are spent. */
export async function withRetries<T>(
  attempt: (number: number) => Promise<Attempt<T>>,
  options: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  const logger = options.logger ?? silentLogger;
  const gate = options.gate ?? unlimited;
  for (let number = 1; ; number += 1) {
    const outcome = await gate(() => attempt(number), number > 1);
    if (outcome.ok) return { value: outcome.value, attempts: number };
    if (!outcome.retryable || number > options.retries) throw outcome.error;
    const delay = backoffDelay(
      number,
      { baseMs: options.backoffBaseMs, maxMs: options.timeoutMs },
      outcome.retryAfterMs,
      options.random,
    );
    // Short, so the failure itself is told once, in the verdict, and the retries read as progress.
    const what = outcome.error.status
      ? `HTTP ${outcome.error.status}`
      : (outcome.error.code ?? outcome.error.kind);
    logger.info(
      `${options.label}: attempt ${number} of ${options.retries + 1} failed (${what}); retrying in ${(delay / 1000).toFixed(1)} s`,
    );
    await options.sleep(delay);
  }
}
