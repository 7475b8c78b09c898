import { pipeline, Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from './undici-parts.js';
import { DeploymentError } from './errors.js';
import {
  errorFromCutBody,
  errorFromException,
  errorFromResponse,
  isTlsFailure,
  type BodyProgress,
  type ErrorContext,
} from './http-errors.js';
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
  /** See `deadline`. */
  timeoutMs: number;
  /**
   * `exchange` (default): the whole attempt — status, headers and body — must be over within timeoutMs, so
   * a server that answers and then trickles its body cannot hold a record for hours. `stall`: only the
   * headers are bounded so; after them, the attempt fails when no byte arrives for timeoutMs (a large
   * package may take longer than that in total, but never stalls that long).
   */
  deadline?: 'exchange' | 'stall';
}

/** An error body is only shown as a 300-character excerpt: more than this is never read. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The body as it arrives, with the attempt's deadline restarted by every chunk: it becomes an idle deadline.
 * (undici's own bodyTimeout runs on a coarse timer that may fire up to a second late; this one is exact.)
 * The Transform buffers until the consumer reads (with backpressure), so no chunk is lost before it does.
 */
function restartedOnEveryChunk(
  body: Dispatcher.ResponseData['body'],
  timer: NodeJS.Timeout,
  progress: BodyProgress,
): Dispatcher.ResponseData['body'] {
  timer.refresh();
  progress.received = 0;
  const watched = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      timer.refresh();
      progress.received! += chunk.length;
      done(null, chunk);
    },
  });
  // pipeline carries a broken transfer's error on to `watched`, where the consumer sees it.
  pipeline(body, watched, () => {});
  return watched as unknown as Dispatcher.ResponseData['body'];
}

/** Reads at most `limit` bytes of a body and drops the rest of the connection's answer. */
async function readLimited(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), cut: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), cut: false };
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
  // Set once a 2xx status arrived: a connection that breaks after it was reached, and answered.
  let answered: BodyProgress | undefined;
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
      const length = header(response.headers, 'content-length');
      answered = { status: response.statusCode, expected: length === undefined ? undefined : Number(length) };
      const body =
        req.deadline === 'stall' ? restartedOnEveryChunk(response.body, timer, answered) : response.body;
      return { ok: true, value: await onSuccess({ ...response, body }) };
    }
    const read = await readLimited(response.body, ERROR_BODY_LIMIT);
    // The limit may cut a key the server echoed: its head must not survive as an unrecognisable fragment.
    const text = read.cut && ctx.redactor ? ctx.redactor.maskCutEdge(read.text) : read.text;
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
      error:
        answered && !timedOut && !stalled
          ? errorFromCutBody(error, ctx, answered)
          : errorFromException(error, ctx, timedOut || stalled),
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
