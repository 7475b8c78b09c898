import { AuthError, DeploymentError, NotFoundError } from '../errors.js';
import { feedRemedy } from '../inputs/remedies.js';
import type { DownloadPlan } from '../plan/plan.js';
import { describeAuth, type KeyPlacement } from '../proget/auth.js';
import { describeRecord } from '../proget/deployment-api.js';
import { downloadPackageFile } from '../proget/feed-download.js';
import type { Connection } from '../proget/pipeline.js';
import type { BatchResults, RecordResult } from '../record/batch-results.js';
import { runBatch } from '../record/batch.js';
import type { PlannedDownload } from './plan-downloads.js';
import { saveBody } from './save-file.js';

/** Says how the key was sent and how to send it the other way, since a proxy may pass only one. */
function unseenKeyHint(plan: DownloadPlan, download: PlannedDownload): string {
  const other: KeyPlacement = download.auth === 'basic' ? 'header' : 'basic';
  const why = plan.authMethod
    ? `as ${plan.names.authMethod} asks`
    : download.feedType
      ? `as ProGet documents for ${download.feedType} feeds`
      : 'as every feed type accepts';
  return `ProGet did not see the key, sent as ${describeAuth(download.auth)} (${why}); set ${plan.names.authMethod} to ${other} to send it as ${describeAuth(other)}.`;
}

/** What a download's failure asks of the user: a feed URL's 404 is a missing version; a 401 with a key, an unseen key. */
function downloadRemedy(
  error: DeploymentError,
  plan: DownloadPlan,
  download: PlannedDownload,
): DeploymentError {
  if (error instanceof NotFoundError) {
    // On a feed URL, 404 almost always means this package version is not there.
    return new NotFoundError(
      `package version not found in feed "${plan.feed}": ${describeRecord({ ...download.record, Target: undefined })}`,
      {
        status: error.status,
        attempts: error.attempts,
        reason: 'not-found',
        hint: `Check the package name, group and version${download.feedType ? `, and that "${plan.feed}" is a ${download.feedType} feed` : ''}.`,
      },
    );
  }
  // 401 although a key was sent: ProGet did not see it, so it went where this endpoint (or a proxy in front of
  // it) does not look. A 403 means the key arrived and was refused: the generic hint fits.
  if (error instanceof AuthError && error.status === 401 && plan.apiKey) {
    return error.retold({ hint: unseenKeyHint(plan, download) });
  }
  return feedRemedy(error, plan.names, { feed: plan.feed, hasKey: Boolean(plan.apiKey) });
}

/** The download stage: each package fetched with its deployment headers and saved, each record's fate kept. */
export function runDownloads(
  plan: DownloadPlan,
  downloads: readonly PlannedDownload[],
  connection: Connection,
  onResult?: (result: RecordResult, done: number) => void,
): Promise<BatchResults> {
  return runBatch(
    downloads.map((d) => d.record),
    { concurrency: plan.concurrency, hasKey: Boolean(plan.apiKey), ...(onResult ? { onResult } : {}) },
    async (record, index, gate) => {
      const download = downloads[index]!;
      connection.log?.debug(
        `GET ${download.url.href} → ${download.destination} (key as ${describeAuth(download.auth)})`,
      );
      try {
        const { value: bytes, attempts } = await downloadPackageFile(
          connection,
          {
            url: download.url,
            deploymentHeaders: download.headers,
            keyPlacement: download.auth,
            save: (response, attempt, received) =>
              saveBody(
                response,
                {
                  destination: download.destination,
                  host: download.url.host,
                  downloadToInput: plan.names.downloadTo,
                },
                attempt,
                received,
              ),
          },
          gate,
        );
        connection.log?.info(
          `Downloaded ${describeRecord(record)} (${bytes} bytes) to ${download.destination}`,
        );
        return { attempts, file: download.destination };
      } catch (error) {
        throw error instanceof DeploymentError ? downloadRemedy(error, plan, download) : error;
      }
    },
  );
}
