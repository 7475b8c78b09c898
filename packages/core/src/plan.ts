import { resolve as resolvePath } from 'node:path';
import type { AuthMethod } from './client.js';
import type { FeedType } from './download/feed-type.js';
import { InvalidInputError } from './errors.js';
import { proGetUrl } from './endpoint.js';
import { inputEntry, type ChoiceInput, type ChoiceOf, type PlanInput } from './input-catalogue.js';
import type { InputNames } from './input-names.js';
import { lines, optional, parseBoolean, parseChoice, parseNumber } from './inputs.js';
import { toUtcIso } from './iso-date.js';
import { parsePackageSpecs, type PackageSpec } from './package-spec.js';
import { isHttpUrl } from './record.js';
import { resolveSca, type ScaPlan } from './sca/sca-plan.js';
import type { TransportOptions } from './transport.js';
import { checkDateRange, checkText, checkUrlText, LIMITS, quoted } from './validation.js';

/**
 * Every setting as the user typed it, by meaning (see the input catalogue); a front end fills what its platform
 * gave and leaves the rest undefined.
 */
export type RawInputs = Partial<Record<PlanInput, string>>;

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

export type FailurePolicy = ChoiceOf<'onError'>;

/** A run, fully resolved and validated: nothing in it can still be wrong in a way we could have caught. */
export interface DeploymentPlan {
  server: string;
  apiKey?: string;
  /** The SCA steps' own key (ProGet's SCA API refuses feed keys); undefined: they send apiKey. */
  scaApiKey?: string;
  /** Forced by the auth-method input; undefined (`auto`): each endpoint's documented way. */
  authMethod?: AuthMethod;
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
  mode: ChoiceOf<'mode'>;
  /** Download mode only. */
  download?: DownloadSettings;
  /** Set when an SCA project is: the build to ensure, import into, promote and comment on. */
  sca?: ScaPlan;
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

/** The first of each value by `key`, and how many were given: a run sends each record once. */
function unique<T>(values: readonly T[], key: (value: T) => string): { unique: T[]; given: number } {
  const seen = new Set<string>();
  return {
    unique: values.filter((value) => !seen.has(key(value)) && Boolean(seen.add(key(value)))),
    given: values.length,
  };
}

/** `auto` leaves the way the key travels to each endpoint (FEED_TYPE_TABLE.downloadAuth); `header`/`basic` force one. */
function forcedAuth(choice: ChoiceOf<'authMethod'>): { authMethod?: AuthMethod } {
  return choice === 'auto' ? {} : { authMethod: choice };
}

/** Reads inputs with the defaults, ranges and choices the catalogue gives them. */
function catalogueReader(raw: RawInputs, names: InputNames) {
  return {
    choice<M extends ChoiceInput>(meaning: M): ChoiceOf<M> {
      const entry = inputEntry(meaning);
      const choices = entry.choices as readonly ChoiceOf<M>[];
      return parseChoice(raw[meaning], names[meaning], choices, entry.default as ChoiceOf<M>);
    },
    number(meaning: PlanInput): number {
      const entry = inputEntry(meaning);
      return parseNumber(raw[meaning], names[meaning], Number(entry.default), entry.range!);
    },
    boolean(meaning: PlanInput): boolean {
      return parseBoolean(raw[meaning], names[meaning], inputEntry(meaning).default === 'true');
    },
  };
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
    ...(feedType ? { feedType: catalogueReader(raw, names).choice('feedType') } : {}),
    directory: resolvePath(context.workingDirectory ?? process.cwd(), optional(raw.downloadTo) ?? '.'),
    ...(url ? { url } : {}),
    ...(crossOriginHost ? { crossOriginHost } : {}),
  };
}

function required(value: string | undefined, name: string, example: string): string {
  const text = optional(value);
  if (!text) throw new InvalidInputError(`${name} is required: ${example}`);
  return text;
}

/**
 * The plan but its targets (and the SCA part, whose stage and comment may come from them): what a front end
 * that looks its one target up needs before it may ask.
 */
export type PlanSettings = Omit<DeploymentPlan, 'targets' | 'sca' | 'duplicates'>;

/** Stands for the target a front end will look up, while the SCA inputs are validated before the lookup. */
const LOOKED_UP_TARGET = '(the target to be looked up)';

/**
 * Plan resolution, in the order its messages are given. `targetLookup`: the front end will look the one target
 * up (a request) once every other input is valid, so no target is no error yet.
 */
function resolveParts(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  now: () => Date,
  targetLookup: boolean,
): { settings: PlanSettings; targets: string[]; sca?: ScaPlan; duplicates: number } {
  const server = required(
    raw.server,
    names.server,
    'the root URL of your ProGet server, e.g. https://proget.example.com',
  );
  checkUrlText(server, names.server);
  proGetUrl(server, '', names.server);
  // With an SCA project, the run may promote a build without recording any package deployment.
  const scaOnly = Boolean(optional(raw.scaProject)) && !optional(raw.package);
  const feed = scaOnly
    ? (optional(raw.feed) ?? '')
    : required(raw.feed, names.feed, 'the name of the ProGet feed that holds the package');
  checkText(feed, names.feed, LIMITS.feed);
  checkText(optional(raw.version), names.version, LIMITS.version);
  checkText(optional(raw.group), names.group, LIMITS.group);
  const givenPackages = scaOnly
    ? []
    : parsePackageSpecs(required(raw.package, names.package, 'one name@version per line'), {
        version: raw.version,
        group: raw.group,
        names,
      });
  // The same package, as a plain spec or a Package URL, is one package: each record is sent once.
  const packages = unique(givenPackages, (spec) =>
    JSON.stringify([spec.group ?? '', spec.name, spec.version]),
  );
  const typedTargets = lines(raw.target);
  const targets = unique(
    typedTargets.length > 0 ? typedTargets : (context.targets ?? []).map((t) => t.trim()).filter(Boolean),
    (target) => target,
  );
  for (const target of targets.unique) checkText(target, names.target, LIMITS.target);
  if (targets.unique.length === 0 && !targetLookup && !scaOnly) {
    throw new InvalidInputError(
      `no target: set ${names.target} to where the package was deployed${context.targetHint ? `, ${context.targetHint}` : ''}`,
    );
  }
  const targetCount = targetLookup ? 1 : targets.unique.length;
  const url = optional(raw.url) ?? context.url;
  if (url) checkUrlText(url, names.url);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.url} ${quoted(url)} is not an absolute http(s) URL`);
  const date = optional(raw.date);
  const isoDate = date ? toUtcIso(date, names.date) : now().toISOString();
  if (date) checkDateRange(isoDate, names.date, now());
  const read = catalogueReader(raw, names);
  const timeout = read.number('timeout');
  const transport: TransportOptions = {
    caCertPaths: lines(raw.caCert),
    caCertInput: names.caCert,
    insecure: read.boolean('insecure'),
  };
  const mode = read.choice('mode');
  const user = optional(raw.user) ?? optional(context.user);
  checkText(user, names.user, LIMITS.user);
  const application = optional(raw.application) ?? context.application;
  checkText(application, names.application, LIMITS.application);
  const description =
    optional(raw.description) ?? context.description ?? `Deployed with ${context.application}`;
  checkText(description, names.description, LIMITS.description);
  const sca = resolveSca(raw, names, {
    packages: packages.unique,
    targets: targetLookup && targets.unique.length === 0 ? [LOOKED_UP_TARGET] : targets.unique,
    application,
    user,
    url,
    workingDirectory: context.workingDirectory ?? process.cwd(),
  });
  const settings: PlanSettings = {
    mode,
    ...(mode === 'download'
      ? {
          download: resolveDownload(raw, context, names, server, packages.unique.length, targetCount),
        }
      : {}),
    server,
    apiKey: optional(raw.apiKey),
    scaApiKey: optional(raw.scaApiKey),
    ...forcedAuth(read.choice('authMethod')),
    feed,
    packages: packages.unique,
    application,
    description,
    user,
    url,
    date: isoDate,
    onError: read.choice('onError'),
    dryRun: read.boolean('dryRun'),
    timeoutMs: timeout * 1000,
    retries: read.number('retries'),
    concurrency: read.number('concurrency'),
    transport,
    names,
  };
  // Records are the cross product: every record a repeated package or target would have added.
  const duplicates = packages.given * targets.given - packages.unique.length * targets.unique.length;
  return { settings, targets: targets.unique, duplicates, ...(sca ? { sca } : {}) };
}

/** Every input resolved against the run's context and validated: the plan to run, final as returned. */
export function resolvePlan(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  now: () => Date = () => new Date(),
): DeploymentPlan {
  const { settings, targets, sca, duplicates } = resolveParts(raw, context, names, now, false);
  return { ...settings, targets, duplicates, ...(sca ? { sca } : {}) };
}

/**
 * For a front end that must look its one target up (a request) when no target was given: validates every
 * other input exactly as resolvePlan will, so bad input fails before that request, and gives the settings
 * the lookup needs (its timeout, the on-error policy). resolvePlan then makes the plan with the target found.
 */
export function resolveSettings(raw: RawInputs, context: ContextDefaults, names: InputNames): PlanSettings {
  return resolveParts(raw, context, names, () => new Date(), true).settings;
}
