import { dirname, resolve } from 'node:path';
import type { Dispatcher } from 'undici';
import type { BatchResults, RecordResult, RecordSource } from '../batch-results.js';
import { runBatch } from '../batch.js';
import { authHeaders, describeAuth, type AuthMethod } from '../auth-headers.js';
import { AuthError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import { quoted, textProblem } from '../validation.js';
import type { PackageSpec } from '../package-spec.js';
import type { DeploymentPlan } from '../plan.js';
import { describeRecord, type DeploymentRecord } from '../record.js';
import { deploymentHeaders } from './deployment-headers.js';
import { downloadToFile } from './download-file.js';
import { EXACT_URL_AUTH, FEED_TYPE_TABLE, feedTypeOf, packageFile, type FeedType } from './feed-type.js';

/** One package to fetch: everything decided before the first byte moves. */
export interface PlannedDownload {
  record: DeploymentRecord;
  url: URL;
  destination: string;
  headers: Record<string, string>;
  /** How the key travels: auth-method when the user forced one, else what this feed type's endpoint takes. */
  auth: AuthMethod;
  /** Known unless an exact URL was given; named in a "not found" hint. */
  feedType?: FeedType;
}

/**
 * Where a file goes: inside download-to and nowhere else. The name is one plain path segment (no separator,
 * no `.`/`..`, no control character), and the resolved path is checked to sit directly in the folder, so
 * neither a version like `../../x` nor a URL ending in `..%2F..%2Fx` can write outside it.
 */
function destinationIn(directory: string, fileName: string, fail: (why: string) => never): string {
  const problem =
    textProblem(fileName, 255) ??
    (/[/\\]/.test(fileName) || fileName === '.' || fileName === '..' || fileName === ''
      ? 'is not a plain file name'
      : undefined);
  if (problem) fail(`the file name ${quoted(fileName)} ${problem}`);
  const folder = resolve(directory);
  const destination = resolve(folder, fileName);
  if (dirname(destination) !== folder) fail(`the file name ${quoted(fileName)} leaves the download folder`);
  return destination;
}

/**
 * Works out every download's URL, file and headers, so a bad spec, an unknown feed type or a value that
 * cannot be a header fails the run before any request (download mode has one target: records ↔ packages).
 */
export function planDownloads(plan: DeploymentPlan, records: RecordSource): PlannedDownload[] {
  const settings = plan.download!;
  return Array.from({ length: records.length }, (_, index) => {
    const record = records.at(index)!;
    const spec: PackageSpec = plan.packages[index]!;
    const headers = deploymentHeaders(record);
    if (settings.url) {
      const url = new URL(settings.url);
      const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
      let fileName: string;
      try {
        fileName = decodeURIComponent(last) || `${spec.name}-${spec.version}`;
      } catch {
        fileName = last;
      }
      const destination = destinationIn(settings.directory, fileName, (why) => {
        throw new InvalidInputError(
          `${plan.names.downloadUrl}: ${why}; ${plan.names.downloadTo} is where every file goes`,
        );
      });
      const auth = plan.authMethod ?? EXACT_URL_AUTH;
      return { record, url, destination, headers, auth };
    }
    const feedType = feedTypeOf(spec, settings.feedType, plan.names);
    const file = packageFile(plan.server, plan.feed, feedType, spec);
    const destination = destinationIn(settings.directory, file.fileName, (why) => {
      throw new InvalidInputError(
        `${plan.names.package} line ${spec.source.line} ${quoted(spec.source.text)}: ${why}`,
      );
    });
    const auth = plan.authMethod ?? FEED_TYPE_TABLE[feedType].downloadAuth;
    return { record, url: file.url, destination, headers, auth, feedType };
  });
}

export interface DownloadDependencies {
  dispatcher: Dispatcher;
  logger: Logger;
  redactor?: Redactor;
  userAgent: string;
  backoffBaseMs: number;
  sleep: (ms: number) => Promise<void>;
  onResult?: (result: RecordResult, done: number) => void;
}

export function runDownloads(
  plan: DeploymentPlan,
  downloads: PlannedDownload[],
  deps: DownloadDependencies,
): Promise<BatchResults> {
  return runBatch(
    downloads.map((d) => d.record),
    plan.concurrency,
    async (record, index, gate) => {
      const download = downloads[index]!;
      deps.logger.debug(
        `GET ${download.url.href} → ${download.destination} (key as ${describeAuth(download.auth)}) ${JSON.stringify(download.headers)}`,
      );
      try {
        const { attempts, bytes } = await downloadToFile(
          {
            url: download.url,
            headers: {
              ...authHeaders(plan.apiKey, download.auth),
              'user-agent': deps.userAgent,
              ...download.headers,
            },
            destination: download.destination,
            dispatcher: deps.dispatcher,
            timeoutMs: plan.timeoutMs,
            context: {
              host: download.url.host,
              feed: plan.feed,
              hasKey: Boolean(plan.apiKey),
              names: plan.names,
              timeoutMs: plan.timeoutMs,
              redactor: deps.redactor,
            },
            retry: {
              retries: plan.retries,
              backoffBaseMs: deps.backoffBaseMs,
              sleep: deps.sleep,
              random: Math.random,
              logger: deps.logger,
            },
          },
          gate,
        );
        deps.logger.info(`Downloaded ${describeRecord(record)} (${bytes} bytes) to ${download.destination}`);
        return { attempts, file: download.destination };
      } catch (error) {
        if (error instanceof NotFoundError) {
          // On a feed URL, 404 almost always means this package version is not there.
          throw new NotFoundError(
            `package version not found in feed "${plan.feed}": ${describeRecord({ ...record, Target: undefined })}`,
            {
              status: error.status,
              attempts: error.attempts,
              hint: `Check the package name, group and version${download.feedType ? `, and that "${plan.feed}" is a ${download.feedType} feed` : ''}.`,
            },
          );
        }
        // 401 although a key was sent: ProGet did not see it, so it went where this endpoint (or a proxy in
        // front of it) does not look. A 403 means the key arrived and was refused: the generic hint fits.
        if (error instanceof AuthError && error.status === 401 && plan.apiKey) {
          throw new AuthError(error.message, {
            status: error.status,
            body: error.body,
            attempts: error.attempts,
            hint: unseenKeyHint(plan, download),
          });
        }
        throw error;
      }
    },
    deps.onResult,
    Boolean(plan.apiKey),
  );
}

/** Says how the key was sent and how to send it the other way, since a proxy may pass only one. */
function unseenKeyHint(plan: DeploymentPlan, download: PlannedDownload): string {
  const other: AuthMethod = download.auth === 'basic' ? 'header' : 'basic';
  const why = plan.authMethod
    ? `as ${plan.names.authMethod} asks`
    : download.feedType
      ? `as ProGet documents for ${download.feedType} feeds`
      : 'as every feed type accepts';
  return `ProGet did not see the key, sent as ${describeAuth(download.auth)} (${why}); set ${plan.names.authMethod} to ${other} to send it as ${describeAuth(other)}.`;
}
