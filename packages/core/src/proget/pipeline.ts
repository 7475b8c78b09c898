import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { DeploymentError } from '../errors.js';
import type { Redactor } from '../output/redactor.js';
import { silentLogger, type Logger } from '../output/sink.js';
import { authHeaders, type KeyPlacement } from './auth.js';
import {
  errorFromConnection,
  errorFromCutBody,
  errorFromResponse,
  isConnectionFailure,
  isTlsFailure,
  timeoutError,
  type BodyProgress,
  type ExchangeFacts,
} from './classify.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import { onOrigin } from './url.js';

/**
 * The one way a request reaches ProGet. Every endpoint module (deployment API, feed downloads, SCA,
 * promotions) describes its exchange and hands it to `send`, which owns the rest: the key (attached only for
 * the server's origin), the deadline (an AbortSignal), retries with backoff and Retry-After, the batch's
 * concurrency gate, debug lines, and the classification of every failure into the error family. Anything
 * thrown that is not a known HTTP, network or TLS failure is a bug and is never retried.
 */

/** What every request of a run shares. */
export interface Connection {
  /** ProGet's root URL, already validated. */
  server: string;
  /** The API key; sent only to the server's origin and to `keyOrigins`. */
  key?: string;
  /** How the key travels to ProGet's own /api/ endpoints (X-ApiKey by default; a feed endpoint may ask otherwise). */
  keyPlacement: KeyPlacement;
  /** Other origins the user allowed the key to go to (download-url with allow-cross-origin-key). */
  keyOrigins?: readonly string[];
  dispatcher: Dispatcher;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for transient failures only. */
  retries: number;
  log?: Logger;
  /** Masks the run's secrets in ProGet's answers before they are cut to an excerpt. */
  redactor?: Redactor;
  userAgent: string;
  /** First backoff ceiling; tests shorten it. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** One exchange, as an endpoint module describes it. */
export interface Exchange<T> {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** Names the request in log lines: "acme/web@1.2.3 → staging", "SCA promote". */
  label: string;
  /** What a debug line shows of the body (an SBOM is summarised); the body itself when absent. */
  shown?: string;
  /** Overrides the connection's way of sending the key (feed endpoints take basic auth). */
  keyPlacement?: KeyPlacement;
  /**
   * `exchange` (default): the whole attempt — status, headers and body — must be over within the timeout, so
   * a server that answers and then trickles its body cannot hold a record for hours. `stall`: only the
   * headers are bounded so; after them, the attempt fails when no byte arrives for the timeout (a large
   * package may take longer than that in total, but never stalls that long).
   */
  deadline?: 'exchange' | 'stall';
  /** Statuses not retried here although they usually would be (a licence's hourly limit is no outage to wait out). */
  final?: (error: DeploymentError) => boolean;
  /**
   * Reads a 2xx answer: a small body, or a large one streamed to disk. A reader of a `stall` exchange calls
   * `received` with each chunk's size as it takes it: that restarts the deadline and counts what arrived.
   */
  read(response: Dispatcher.ResponseData, attempt: number, received: (bytes: number) => void): Promise<T>;
}

/** One attempt's outcome: a value, or the typed error and whether trying again could help. */
export type Attempt<T> =
  { ok: true; value: T } | { ok: false; error: DeploymentError; retryable: boolean; retryAfterMs?: number };

/**
 * Runs one attempt under a batch's concurrency limit; `retry` attempts go to the front of the line, so a
 * record that already waited out its backoff is not sent to the back of a long batch. Single sends pass.
 */
export type Gate = <T>(attempt: () => Promise<Attempt<T>>, retry: boolean) => Promise<Attempt<T>>;

export const unlimited: Gate = (attempt) => attempt();

/** An error body is only shown as a 300-character excerpt: more than this is never read. */
const ERROR_BODY_LIMIT = 64 * 1024;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a `stall` exchange's reader reports for each chunk: the attempt's deadline restarts, so it becomes an
 * idle deadline (undici's own bodyTimeout runs on a coarse timer that may fire up to a second late; this one is
 * exact), and the bytes are counted for a message about a transfer cut short: what the reader took, and what
 * still waited in the body when it broke.
 */
function restartedOnEveryChunk(
  timer: NodeJS.Timeout,
  progress: BodyProgress,
  body: Dispatcher.ResponseData['body'],
): (bytes: number) => void {
  timer.refresh();
  let taken = 0;
  // What waited in the body is counted as the body closes: a broken body's buffer is dropped afterwards.
  let waiting = () => body.readableLength;
  body.once('close', () => {
    const left = body.readableLength;
    waiting = () => left;
  });
  Object.defineProperty(progress, 'received', { get: () => taken + waiting(), enumerable: true });
  return (bytes) => {
    timer.refresh();
    taken += bytes;
  };
}

/**
 * Reads a body up to `limit` bytes; past that, stops reading, drops the rest of the connection's answer and
 * says it was cut. An answer is never held in memory beyond the limit, however much a server sends.
 */
export async function readLimitedBytes(
  body: Readable,
  limit: number,
): Promise<{ bytes: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      return { bytes: Buffer.concat(chunks).subarray(0, limit), cut: true };
    }
  }
  return { bytes: Buffer.concat(chunks), cut: false };
}

/** readLimitedBytes as UTF-8 text. */
export async function readLimited(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<{ text: string; cut: boolean }> {
  const { bytes, cut } = await readLimitedBytes(body, limit);
  return { text: bytes.toString('utf8'), cut };
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request's headers: the exchange's own, the user agent, and the key where it may go. */
function headersFor<T>(connection: Connection, exchange: Exchange<T>): Record<string, string> {
  const mayCarryKey =
    onOrigin(exchange.url, connection.server) || (connection.keyOrigins ?? []).includes(exchange.url.origin);
  return {
    'user-agent': connection.userAgent,
    ...(mayCarryKey ? authHeaders(connection.key, exchange.keyPlacement ?? connection.keyPlacement) : {}),
    ...exchange.headers,
  };
}

/** A non-2xx answer as the error it is: ProGet's (or a proxy's) words, and whether trying again could help. */
async function failedAnswer<T>(
  response: Dispatcher.ResponseData,
  connection: Connection,
  exchange: Exchange<T>,
  facts: ExchangeFacts,
): Promise<Attempt<T>> {
  const read = await readLimited(response.body, ERROR_BODY_LIMIT);
  // The limit may cut a key the server echoed: its head must not survive as an unrecognisable fragment.
  const text = read.cut && connection.redactor ? connection.redactor.maskCutEdge(read.text) : read.text;
  const error = errorFromResponse(
    response.statusCode,
    text,
    header(response.headers, 'content-type') ?? '',
    facts,
    header(response.headers, 'location'),
    {
      proGetVersion: header(response.headers, 'x-proget-version'),
      server: header(response.headers, 'server'),
      edition: header(response.headers, 'x-proget-edition'),
    },
  );
  return {
    ok: false,
    error,
    retryable: isRetryableStatus(response.statusCode) && !exchange.final?.(error),
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  };
}

/**
 * What was thrown while a request was under way, classified: a timeout, a failed or broken connection. Anything
 * else is a bug and is thrown on, never retried.
 */
function thrownFailure<T>(
  error: unknown,
  facts: ExchangeFacts,
  state: { timedOut: boolean; answered?: BodyProgress },
): Attempt<T> {
  // `read` reports its own failures (a download cut short, a file that cannot be written) already typed.
  if (error instanceof DeploymentError) {
    return { ok: false, error, retryable: error.kind === 'network' || error.kind === 'timeout' };
  }
  const stalled = (error as { code?: string })?.code === 'UND_ERR_BODY_TIMEOUT';
  if (state.timedOut || stalled) return { ok: false, error: timeoutError(facts), retryable: true };
  if (!isConnectionFailure(error)) throw error;
  return {
    ok: false,
    error: state.answered
      ? errorFromCutBody(error, facts, state.answered)
      : errorFromConnection(error, facts),
    retryable: !isTlsFailure(error),
  };
}

/** Makes one request, under its deadline (an AbortSignal), and classifies what went wrong. */
async function attempt<T>(
  connection: Connection,
  exchange: Exchange<T>,
  facts: ExchangeFacts,
): Promise<Attempt<T>> {
  const controller = new AbortController();
  // `answered` is set once a 2xx status arrived: a connection that breaks after it was reached, and answered.
  const state: { timedOut: boolean; answered?: BodyProgress } = { timedOut: false };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort();
  }, connection.timeoutMs);
  try {
    const response = await request(exchange.url, {
      method: exchange.method,
      headers: headersFor(connection, exchange),
      body: exchange.body,
      dispatcher: connection.dispatcher,
      signal: controller.signal,
      bodyTimeout: connection.timeoutMs,
    });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      return await failedAnswer(response, connection, exchange, facts);
    }
    const length = header(response.headers, 'content-length');
    const answered = {
      status: response.statusCode,
      expected: length === undefined ? undefined : Number(length),
    };
    state.answered = answered;
    const received =
      exchange.deadline === 'stall' ? restartedOnEveryChunk(timer, answered, response.body) : () => {};
    return { ok: true, value: await exchange.read(response, facts.attempts, received) };
  } catch (error) {
    return thrownFailure(error, facts, state);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends one exchange: attempts until one succeeds, one fails for good, or the retries are spent. Resolves with
 * what `read` made of the answer; throws the typed error otherwise.
 */
export async function send<T>(
  connection: Connection,
  exchange: Exchange<T>,
  gate: Gate = unlimited,
): Promise<{ value: T; attempts: number }> {
  const log = connection.log ?? silentLogger;
  const sleep = connection.sleep ?? defaultSleep;
  const shown = exchange.shown ?? exchange.body ?? '';
  for (let number = 1; ; number += 1) {
    const facts: ExchangeFacts = {
      host: exchange.url.host,
      attempts: number,
      timeoutMs: connection.timeoutMs,
      redactor: connection.redactor,
    };
    log.debug(
      `${exchange.method} ${exchange.url.href} ${exchange.label} (attempt ${number})${shown ? ` ${shown}` : ''}`,
    );
    const outcome = await gate(() => attempt(connection, exchange, facts), number > 1);
    if (outcome.ok) return { value: outcome.value, attempts: number };
    if (!outcome.retryable || number > connection.retries) throw outcome.error;
    const delay = backoffDelay(
      number,
      { baseMs: connection.backoffBaseMs ?? 1_000, maxMs: connection.timeoutMs },
      outcome.retryAfterMs,
      connection.random ?? Math.random,
    );
    // Short, so the failure itself is told once, in the verdict, and the retries read as progress.
    const what = outcome.error.status
      ? `HTTP ${outcome.error.status}`
      : (outcome.error.code ?? outcome.error.kind);
    log.info(
      `${exchange.label}: attempt ${number} of ${connection.retries + 1} failed (${what}); retrying in ${(delay / 1000).toFixed(1)} s`,
    );
    await sleep(delay);
  }
}
