import { request, type Dispatcher } from 'undici';
import { DeploymentError } from './errors.js';
import { errorFromException, errorFromResponse, isTlsFailure, type ErrorContext } from './http-errors.js';
import { GITHUB_INPUT_NAMES, type InputNames } from './input-names.js';
import { silentLogger, type Logger } from './logger.js';
import { DEPLOYMENT_API_PATH, proGetUrl } from './endpoint.js';
import { describeRecord, type DeploymentRecord } from './record.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

export type AuthMethod = 'header' | 'basic';

export interface ClientOptions {
  server: string;
  apiKey?: string;
  /** `header` sends X-ApiKey (ProGet's first choice); `basic` sends `api:KEY`, which some proxies require. */
  authMethod?: AuthMethod;
  dispatcher: Dispatcher;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for transient failures only. */
  retries?: number;
  logger?: Logger;
  names?: InputNames;
  userAgent?: string;
  /** First backoff ceiling; tests shorten it. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface SendResult {
  attempts: number;
  status: number;
}

/** What happened to one record of a batch. */
export interface RecordResult {
  record: DeploymentRecord;
  outcome: 'recorded' | 'failed' | 'skipped' | 'dry-run';
  attempts: number;
  error?: DeploymentError;
}

interface AttemptFailure {
  error: DeploymentError;
  retryable: boolean;
  retryAfterMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** ProGet's Package Deployment API: one POST per record, retried only when that is safe. */
export class ProGetClient {
  readonly endpoint: URL;
  private readonly options: Required<Omit<ClientOptions, 'apiKey'>> & { apiKey?: string };

  constructor(options: ClientOptions) {
    const names = options.names ?? GITHUB_INPUT_NAMES;
    this.endpoint = proGetUrl(options.server, DEPLOYMENT_API_PATH, names.server);
    this.options = {
      authMethod: 'header',
      timeoutMs: 30_000,
      retries: 3,
      logger: silentLogger,
      names,
      userAgent: 'proget-deploy',
      backoffBaseMs: 1_000,
      sleep: defaultSleep,
      random: Math.random,
      ...options,
    };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/plain, */*',
      'user-agent': this.options.userAgent,
    };
    const key = this.options.apiKey;
    if (key && this.options.authMethod === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`api:${key}`).toString('base64')}`;
    } else if (key) {
      headers['x-apikey'] = key;
    }
    return headers;
  }

  private context(record: DeploymentRecord, attempts: number): ErrorContext {
    return {
      host: this.endpoint.host,
      feed: record.FeedName,
      hasKey: Boolean(this.options.apiKey),
      names: this.options.names,
      attempts,
      timeoutMs: this.options.timeoutMs,
    };
  }

  private async attempt(record: DeploymentRecord, body: string, attempt: number): Promise<AttemptFailure | number> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const response = await request(this.endpoint, {
        method: 'POST',
        headers: this.headers(),
        body,
        dispatcher: this.options.dispatcher,
        signal: controller.signal,
      });
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) return response.statusCode;
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      return {
        error: errorFromResponse(
          response.statusCode,
          text,
          header('content-type') ?? '',
          this.context(record, attempt),
          header('location'),
        ),
        retryable: isRetryableStatus(response.statusCode),
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      };
    } catch (error) {
      return {
        error: errorFromException(error, this.context(record, attempt), timedOut),
        retryable: !isTlsFailure(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one record; resolves when ProGet stored it, throws the typed error when it did not. */
  async send(record: DeploymentRecord): Promise<SendResult> {
    const body = JSON.stringify(record);
    const { logger, retries } = this.options;
    const name = describeRecord(record);
    for (let attempt = 1; ; attempt += 1) {
      logger.debug(`POST ${this.endpoint.href} ${name} (attempt ${attempt}) ${body}`);
      const outcome = await this.attempt(record, body, attempt);
      if (typeof outcome === 'number') return { attempts: attempt, status: outcome };
      if (!outcome.retryable || attempt > retries) throw outcome.error;
      const delay = backoffDelay(
        attempt,
        { baseMs: this.options.backoffBaseMs, maxMs: this.options.timeoutMs },
        outcome.retryAfterMs,
        this.options.random,
      );
      logger.info(`${name}: ${outcome.error.message}; retrying in ${(delay / 1000).toFixed(1)} s`);
      await this.options.sleep(delay);
    }
  }

  /**
   * Sends a batch with at most `concurrency` requests in flight, one result per record in input order.
   * An authentication failure stops the rest (they would fail the same way) and marks them skipped, so a
   * wrong key costs one request, not a thousand.
   */
  async sendAll(
    records: readonly DeploymentRecord[],
    concurrency = 4,
    onResult?: (result: RecordResult, done: number) => void,
  ): Promise<RecordResult[]> {
    const results: RecordResult[] = new Array(records.length);
    let next = 0;
    let done = 0;
    let stop: DeploymentError | undefined;
    const worker = async () => {
      while (next < records.length) {
        const index = next++;
        const record = records[index]!;
        let result: RecordResult;
        if (stop) {
          result = { record, outcome: 'skipped', attempts: 0, error: stop };
        } else {
          try {
            const sent = await this.send(record);
            result = { record, outcome: 'recorded', attempts: sent.attempts };
          } catch (error) {
            const failure = error instanceof DeploymentError ? error : new DeploymentError('network', String(error));
            if (failure.kind === 'auth') stop = failure;
            result = { record, outcome: 'failed', attempts: failure.attempts ?? 1, error: failure };
          }
        }
        results[index] = result;
        done += 1;
        onResult?.(result, done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, records.length)) }, worker));
    return results;
  }
}
