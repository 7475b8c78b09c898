import type { Dispatcher } from 'undici';
import { authHeaders, type AuthMethod } from './auth-headers.js';
import type { BatchResults, RecordResult, RecordSource } from './batch-results.js';
import { runBatch } from './batch.js';
import type { ErrorContext } from './http-errors.js';
import { httpAttempt, unlimited, withRetries, type Gate } from './http-attempt.js';
import { GITHUB_INPUT_NAMES, type InputNames } from './input-names.js';
import { silentLogger, type Logger } from './logger.js';
import { DEPLOYMENT_API_PATH, proGetUrl } from './endpoint.js';
import { describeRecord, type DeploymentRecord } from './record.js';
import type { Redactor } from './redact.js';

export type { RecordResult } from './batch-results.js';

export type { AuthMethod } from './auth-headers.js';

export interface ClientOptions {
  server: string;
  apiKey?: string;
  /**
   * Default `header`: the deployment API is one of ProGet's /api/ endpoints, which document X-ApiKey as
   * "the best way" (https://docs.inedo.com/docs/proget/api/http-requests); `basic` sends `api:KEY`, which
   * some proxies require.
   */
  authMethod?: AuthMethod;
  dispatcher: Dispatcher;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for transient failures only. */
  retries?: number;
  logger?: Logger;
  /** Masks the run's secrets in ProGet's answers before they are cut to an excerpt. */
  redactor?: Redactor;
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** ProGet's Package Deployment API: one POST per record, retried only when that is safe. */
export class ProGetClient {
  readonly endpoint: URL;
  private readonly options: Required<Omit<ClientOptions, 'apiKey' | 'redactor'>> & {
    apiKey?: string;
    redactor?: Redactor;
  };

  constructor(options: ClientOptions) {
    const names = options.names ?? GITHUB_INPUT_NAMES;
    this.endpoint = proGetUrl(options.server, DEPLOYMENT_API_PATH, names.server);
    this.options = {
      timeoutMs: 30_000,
      retries: 3,
      logger: silentLogger,
      names,
      userAgent: 'proget-deploy',
      backoffBaseMs: 1_000,
      sleep: defaultSleep,
      random: Math.random,
      ...options,
      authMethod: options.authMethod ?? 'header',
    };
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'text/plain, */*',
      'user-agent': this.options.userAgent,
      ...authHeaders(this.options.apiKey, this.options.authMethod),
    };
  }

  private context(record: DeploymentRecord, attempts: number): ErrorContext {
    return {
      host: this.endpoint.host,
      feed: record.FeedName,
      hasKey: Boolean(this.options.apiKey),
      names: this.options.names,
      attempts,
      timeoutMs: this.options.timeoutMs,
      redactor: this.options.redactor,
    };
  }

  /**
   * Sends one record; resolves when ProGet stored it, throws the typed error when it did not. In a batch,
   * each attempt passes the batch's gate (the concurrency limit); backoff waits happen outside it.
   */
  async send(record: DeploymentRecord, gate: Gate = unlimited): Promise<SendResult> {
    const body = JSON.stringify(record);
    const { logger } = this.options;
    const label = describeRecord(record);
    const { value: status, attempts } = await withRetries(
      (attempt) => {
        logger.debug(`POST ${this.endpoint.href} ${label} (attempt ${attempt}) ${body}`);
        return httpAttempt(
          {
            url: this.endpoint,
            method: 'POST',
            headers: this.headers(),
            body,
            dispatcher: this.options.dispatcher,
            timeoutMs: this.options.timeoutMs,
          },
          this.context(record, attempt),
          async (response) => {
            await response.body.dump();
            return response.statusCode;
          },
        );
      },
      { ...this.options, label, gate },
    );
    return { attempts, status };
  }

  /**
   * Sends a batch with at most `concurrency` requests in flight, taking each record from the source only
   * when it is its turn; one result per record, in input order.
   */
  sendAll(
    records: RecordSource,
    concurrency = 4,
    onResult?: (result: RecordResult, done: number) => void,
  ): Promise<BatchResults> {
    return runBatch(
      records,
      concurrency,
      (record, _index, gate) => this.send(record, gate),
      onResult,
      Boolean(this.options.apiKey),
    );
  }
}
