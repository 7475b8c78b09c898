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
import { checkDateRange, checkText, checkUrlText, LIMITS, quoted } from './validation.js';

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
  /** Download mode: may the key go to a download-url on another origin than the server's? */
  allowCrossOriginKey?: string;
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
  /** Records given more than once (the same package at the same target), dropped so each is sent once. */
  duplicates: number;
}

export interface DownloadSettings {
  /** From the feed-type input; a Package URL's own type wins for its line. */
  feedType?: FeedType;
  /** Absolute directory the package files are saved in. */
  directory: string;
  /** An exact download URL, for feed types whose URL we do not build (one package only). */
  url?: string;
  /** Set when the user let the key go to a download URL on another host: that host, for the warning. */
  crossOriginHost?: string;
}

/**
 * Credentials go only to the server's origin. A download URL with its own `user:password@` would have them
 * silently replaced by the key, and one on another origin would receive the key: both are refused, the
 * second unless the user opts in (then the run warns). Returns the other host when the user opted in.
 */
function checkKeyDestination(
  url: URL,
  server: string,
  raw: RawInputs,
  names: InputNames,
): string | undefined {
  if (url.username || url.password) {
    throw new InvalidInputError(
      `${names.downloadUrl} must not carry credentials (user:password@); the key comes from ${names.apiKey}`,
    );
  }
  const serverOrigin = new URL(server).origin;
  if (url.origin === serverOrigin || !optional(raw.apiKey)) return undefined;
  if (!parseBoolean(raw.allowCrossOriginKey, names.allowCrossOriginKey)) {
    throw new InvalidInputError(
      `${names.downloadUrl} is on ${url.host}, not on ${names.server}'s origin (${serverOrigin}): the API key is only sent to ${names.server}; set ${names.allowCrossOriginKey} to true if ${url.host} should receive it`,
    );
  }
  return url.host;
}

function resolveDownload(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  server: string,
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
  if (url) checkUrlText(url, names.downloadUrl);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.downloadUrl} ${quoted(url)} is not an absolute http(s) URL`);
  if (url && packages !== 1)
    throw new InvalidInputError(
      `${names.downloadUrl} names one file, so ${names.package} must be one package`,
    );
  const crossOriginHost = url ? checkKeyDestination(new URL(url), server, raw, names) : undefined;
  const feedType = optional(raw.feedType);
  return {
    ...(feedType ? { feedType: parseChoice(feedType, names.feedType, FEED_TYPES, 'universal') } : {}),
    directory: resolvePath(context.workingDirectory ?? process.cwd(), optional(raw.downloadTo) ?? '.'),
    ...(url ? { url } : {}),
    ...(crossOriginHost ? { crossOriginHost } : {}),
  };
}

/** The first of each value by `key`, and how many were given: a run sends each record once. */
function unique<T>(values: readonly T[], key: (value: T) => string): { unique: T[]; given: number } {
  const seen = new Set<string>();
  return {
    unique: values.filter((value) => !seen.has(key(value)) && Boolean(seen.add(key(value)))),
    given: values.length,
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
  checkUrlText(server, names.server);
  proGetUrl(server, '', names.server);
  const feed = required(raw.feed, names.feed, 'the name of the ProGet feed that holds the package');
  checkText(feed, names.feed, LIMITS.feed);
  checkText(optional(raw.version), names.version, LIMITS.version);
  checkText(optional(raw.group), names.group, LIMITS.group);
  const packages = unique(
    parsePackageSpecs(required(raw.package, names.package, 'one name@version per line'), {
      version: raw.version,
      group: raw.group,
      inputName: names.package,
    }),
    (spec) => JSON.stringify([spec.group ?? '', spec.name, spec.version]),
  );
  const typedTargets = lines(raw.target);
  const targets = unique(
    typedTargets.length > 0 ? typedTargets : (context.targets ?? []).map((t) => t.trim()).filter(Boolean),
    (target) => target,
  );
  if (targets.unique.length === 0) {
    throw new InvalidInputError(
      `no target: set ${names.target} to where the package was deployed${context.targetHint ? `, ${context.targetHint}` : ''}`,
    );
  }
  for (const target of targets.unique) checkText(target, names.target, LIMITS.target);
  const application = optional(raw.application) ?? context.application;
  checkText(application, names.application, LIMITS.application);
  const description =
    optional(raw.description) ?? context.description ?? `Deployed with ${context.application}`;
  checkText(description, names.description, LIMITS.description);
  const user = optional(raw.user) ?? optional(context.user);
  checkText(user, names.user, LIMITS.user);
  const url = optional(raw.url) ?? context.url;
  if (url) checkUrlText(url, names.url);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.url} ${quoted(url)} is not an absolute http(s) URL`);
  const date = optional(raw.date);
  const isoDate = date ? toUtcIso(date, names.date) : now().toISOString();
  if (date) checkDateRange(isoDate, names.date, now());
  const timeout = parseNumber(raw.timeout, names.timeout, 30, { min: 1, max: 600 });
  const transport: TransportOptions = {
    caCertPaths: lines(raw.caCert),
    caCertInput: names.caCert,
    insecure: parseBoolean(raw.insecure, names.insecure),
  };
  const mode = parseChoice(raw.mode, names.mode, ['record', 'download'] as const, 'record');
  return {
    mode,
    ...(mode === 'download'
      ? {
          download: resolveDownload(
            raw,
            context,
            names,
            server,
            packages.unique.length,
            targets.unique.length,
          ),
        }
      : {}),
    server,
    apiKey: optional(raw.apiKey),
    authMethod: parseChoice(raw.authMethod, names.authMethod, ['header', 'basic'] as const, 'header'),
    feed,
    packages: packages.unique,
    targets: targets.unique,
    // Records are the cross product: every record a repeated package or target would have added.
    duplicates: packages.given * targets.given - packages.unique.length * targets.unique.length,
    application,
    description,
    user,
    url,
    date: isoDate,
    onError: parseChoice(raw.onError, names.onError, ['fail', 'warn'] as const, 'fail'),
    dryRun: parseBoolean(raw.dryRun, names.dryRun),
    timeoutMs: timeout * 1000,
    retries: parseNumber(raw.retries, names.retries, 3, { min: 0, max: 10, integer: true }),
    concurrency: parseNumber(raw.concurrency, names.concurrency, 4, { min: 1, max: 64, integer: true }),
    transport,
    names,
  };
}
