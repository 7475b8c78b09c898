import { resolve as resolvePath } from 'node:path';
import type { AuthMethod } from './client.js';
import { FEED_TYPES, type FeedType } from './download/feed-type.js';
import { InvalidInputError } from './errors.js';
import { proGetUrl } from './endpoint.js';
import type { InputNames } from './input-names.js';
import { lines, optional, parseBoolean, parseChoice, parseNumber } from './inputs.js';
import { toUtcIso } from './iso-date.js';
import { parsePackageSpecs, type PackageSpec } from './package-spec.js';
import { isHttpUrl } from './record.js';
import type { TransportOptions } from './transport.js';

/** Every setting as the user typed it; a front end fills what its platform gave and leaves the rest undefined. */
export interface RawInputs {
  server?: string;
  apiKey?: string;
  authMethod?: string;
  feed?: string;
  package?: string;
  version?: string;
  group?: string;
  target?: string;
  application?: string;
  description?: string;
  user?: string;
  url?: string;
  date?: string;
  onError?: string;
  dryRun?: string;
  timeout?: string;
  retries?: string;
  /** Requests in flight at once for a batch. */
  concurrency?: string;
  caCert?: string;
  insecure?: string;
  /** `record` (default): the Package Deployment API; `download`: fetch the package with the custom-record headers. */
  mode?: string;
  feedType?: string;
  downloadTo?: string;
  downloadUrl?: string;
}

/** What the run's own context says, used where the user left an input empty. */
export interface ContextDefaults {
  application: string;
  description?: string;
  user?: string;
  url?: string;
  targets?: string[];
  /** Added to the "no target" error: how this platform could have found one. */
  targetHint?: string;
  /** Where downloads go when download-to is empty (the job's working directory). */
  workingDirectory?: string;
}

export type FailurePolicy = 'fail' | 'warn';

/** A run, fully resolved and validated: nothing in it can still be wrong in a way we could have caught. */
export interface DeploymentPlan {
  server: string;
  apiKey?: string;
  authMethod: AuthMethod;
  feed: string;
  packages: PackageSpec[];
  targets: string[];
  application: string;
  description: string;
  user?: string;
  url?: string;
  /** One instant for the whole run, so retries and every record of a step carry the same Date. */
  date: string;
  onError: FailurePolicy;
  dryRun: boolean;
  timeoutMs: number;
  retries: number;
  concurrency: number;
  transport: TransportOptions;
  names: InputNames;
  mode: 'record' | 'download';
  /** Download mode only. */
  download?: DownloadSettings;
}

export interface DownloadSettings {
  /** From the feed-type input; a Package URL's own type wins for its line. */
  feedType?: FeedType;
  /** Absolute directory the package files are saved in. */
  directory: string;
  /** An exact download URL, for feed types whose URL we do not build (one package only). */
  url?: string;
}

function resolveDownload(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  packages: number,
  targets: number,
): DownloadSettings {
  if (targets !== 1) {
    // One download carries one X-ProGet-Deployment-Target; several targets are several API records.
    throw new InvalidInputError(
      `download mode records one target per download, but ${targets} were given: set one ${names.target}, or use the default mode for several`,
    );
  }
  const url = optional(raw.downloadUrl);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.downloadUrl} "${url}" is not an absolute http(s) URL`);
  if (url && packages !== 1)
    throw new InvalidInputError(
      `${names.downloadUrl} names one file, so ${names.package} must be one package`,
    );
  const feedType = optional(raw.feedType);
  return {
    ...(feedType ? { feedType: parseChoice(feedType, names.feedType, FEED_TYPES, 'universal') } : {}),
    directory: resolvePath(context.workingDirectory ?? process.cwd(), optional(raw.downloadTo) ?? '.'),
    ...(url ? { url } : {}),
  };
}

function required(value: string | undefined, name: string, example: string): string {
  const text = optional(value);
  if (!text) throw new InvalidInputError(`${name} is required: ${example}`);
  return text;
}

export function resolvePlan(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  now: () => Date = () => new Date(),
): DeploymentPlan {
  const server = required(
    raw.server,
    names.server,
    'the root URL of your ProGet server, e.g. https://proget.example.com',
  );
  proGetUrl(server, '', names.server);
  const feed = required(raw.feed, names.feed, 'the name of the ProGet feed that holds the package');
  const packages = parsePackageSpecs(required(raw.package, names.package, 'one name@version per line'), {
    version: raw.version,
    group: raw.group,
    names,
  });
  const typedTargets = lines(raw.target);
  const targets =
    typedTargets.length > 0 ? typedTargets : (context.targets ?? []).map((t) => t.trim()).filter(Boolean);
  if (targets.length === 0) {
    throw new InvalidInputError(
      `no target: set ${names.target} to where the package was deployed${context.targetHint ? `, ${context.targetHint}` : ''}`,
    );
  }
  const url = optional(raw.url) ?? context.url;
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.url} "${url}" is not an absolute http(s) URL`);
  const date = optional(raw.date);
  const timeout = parseNumber(raw.timeout, names.timeout, 30, { min: 1, max: 600 });
  const transport: TransportOptions = {
    caCertPaths: lines(raw.caCert),
    insecure: parseBoolean(raw.insecure, names.insecure),
  };
  const mode = parseChoice(raw.mode, names.mode, ['record', 'download'] as const, 'record');
  return {
    mode,
    ...(mode === 'download'
      ? { download: resolveDownload(raw, context, names, packages.length, targets.length) }
      : {}),
    server,
    apiKey: optional(raw.apiKey),
    authMethod: parseChoice(raw.authMethod, names.authMethod, ['header', 'basic'] as const, 'header'),
    feed,
    packages,
    targets,
    application: optional(raw.application) ?? context.application,
    description: optional(raw.description) ?? context.description ?? `Deployed with ${context.application}`,
    user: optional(raw.user) ?? optional(context.user),
    url,
    date: date ? toUtcIso(date, names.date) : now().toISOString(),
    onError: parseChoice(raw.onError, names.onError, ['fail', 'warn'] as const, 'fail'),
    dryRun: parseBoolean(raw.dryRun, names.dryRun),
    timeoutMs: timeout * 1000,
    retries: parseNumber(raw.retries, names.retries, 3, { min: 0, max: 10, integer: true }),
    concurrency: parseNumber(raw.concurrency, names.concurrency, 4, { min: 1, max: 64, integer: true }),
    transport,
    names,
  };
}
