import nodePath from 'node:path';
import { InvalidInputError } from '../errors.js';
import type { PathRules } from '../files/paths.js';
import type { InputNames } from '../inputs/names.js';
import type { PackageSpec } from '../inputs/package-spec.js';
import { quoted, textProblem } from '../inputs/validation.js';
import type { DownloadPlan } from '../plan/plan.js';
import type { KeyPlacement } from '../proget/auth.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import {
  EXACT_URL_AUTH,
  FEED_TYPE_TABLE,
  FEED_TYPES,
  feedTypeOfPurl,
  packageFile,
  type FeedType,
} from '../proget/feed-types.js';
import type { RecordSource } from '../record/batch-results.js';
import { deploymentHeaders } from './deployment-headers.js';

/** One package to fetch: everything decided before the first byte moves. */
export interface PlannedDownload {
  record: DeploymentRecord;
  url: URL;
  destination: string;
  headers: Record<string, string>;
  /** How the key travels: auth-method when the user forced one, else what this feed type's endpoint takes. */
  auth: KeyPlacement;
  /** Known unless an exact URL was given; named in a "not found" hint. */
  feedType?: FeedType;
}

/** A Package URL's type says which feed it lives in; otherwise the feed-type input does. */
export function feedTypeOf(
  spec: PackageSpec,
  declared: FeedType | undefined,
  names: Pick<InputNames, 'package' | 'feedType' | 'downloadUrl'>,
): FeedType {
  const line = `${names.package} line ${spec.source.line} ${quoted(spec.source.text)}`;
  if (spec.purlType) {
    const type = feedTypeOfPurl(spec.purlType);
    if (!type) {
      throw new InvalidInputError(
        `${line}: no download URL is known for pkg:${spec.purlType}; give the exact URL with ${names.downloadUrl} instead`,
      );
    }
    return type;
  }
  if (!declared) {
    throw new InvalidInputError(
      `${line}: set ${names.feedType} (${FEED_TYPES.join(', ')}) or write the package as a Package URL (pkg:nuget/…) so the download URL can be built`,
    );
  }
  return declared;
}

/**
 * Where a file goes: inside download-to and nowhere else. The name is one plain path segment (no separator of
 * any OS, no `.`/`..`, no `:`, which on Windows names a drive or a file's hidden stream, no control
 * character), the same on every runner; the resolved path is checked to sit directly in the folder as well,
 * so neither a version like `../../x` nor a URL ending in `..%2F..%2Fx` can write outside it.
 */
export function destinationIn(
  directory: string,
  fileName: string,
  fail: (why: string) => never,
  paths: PathRules = nodePath,
): string {
  const problem =
    textProblem(fileName, 255) ??
    (/[/\\:]/.test(fileName) || fileName === '.' || fileName === '..' || fileName === ''
      ? 'is not a plain file name'
      : undefined);
  if (problem) fail(`the file name ${quoted(fileName)} ${problem}`);
  const folder = paths.resolve(directory);
  const destination = paths.resolve(folder, fileName);
  if (paths.dirname(destination) !== folder)
    fail(`the file name ${quoted(fileName)} leaves the download folder`);
  return destination;
}

/** The file an exact download URL names: its last segment, decoded, or name-version when it has none. */
function exactUrlFile(plan: DownloadPlan, spec: PackageSpec, record: DeploymentRecord): PlannedDownload {
  const settings = plan.download;
  const url = new URL(settings.url!);
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
  return {
    record,
    url,
    destination,
    headers: deploymentHeaders(record),
    auth: plan.authMethod ?? EXACT_URL_AUTH,
  };
}

/**
 * Works out every download's URL, file and headers, so a bad spec, an unknown feed type or a value that
 * cannot be a header fails the run before any request (download mode has one target: records ↔ packages).
 */
export function planDownloads(plan: DownloadPlan, records: RecordSource): PlannedDownload[] {
  const settings = plan.download;
  return Array.from({ length: records.length }, (_, index) => {
    const record = records.at(index)!;
    const spec = plan.packages[index]!;
    if (settings.url) return exactUrlFile(plan, spec, record);
    const feedType = feedTypeOf(spec, settings.feedType, plan.names);
    const file = packageFile(plan.server, plan.feed, feedType, spec);
    const destination = destinationIn(settings.directory, file.fileName, (why) => {
      throw new InvalidInputError(
        `${plan.names.package} line ${spec.source.line} ${quoted(spec.source.text)}: ${why}`,
      );
    });
    const auth = plan.authMethod ?? FEED_TYPE_TABLE[feedType].downloadAuth;
    return { record, url: file.url, destination, headers: deploymentHeaders(record), auth, feedType };
  });
}
