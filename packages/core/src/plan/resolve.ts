import { InvalidInputError } from '../errors.js';
import { inputEntry, type ChoiceInput, type ChoiceOf, type PlanInput } from '../inputs/catalogue.js';
import { toUtcIso } from '../inputs/iso-date.js';
import type { InputNames } from '../inputs/names.js';
import { parsePackageSpecs, type PackageSpec } from '../inputs/package-spec.js';
import { lines, optional, parseBoolean, parseChoice, parseNumber } from '../inputs/parse.js';
import {
  checkDateRange,
  checkServerUrl,
  checkText,
  checkUrlText,
  isHttpUrl,
  LIMITS,
  quoted,
} from '../inputs/validation.js';
import { checkDownloadInputs, checkOneTarget } from './download.js';
import type { ContextDefaults, DownloadSettings, PlanBase, StepPlan } from './plan.js';
import { checkScaInputs, planSca, type ScaInputs } from './sca.js';
import { resolveTransport, type AgentTransport } from './transport.js';

/**
 * A step's plan is made in two phases. `checkInputs`: every input read, defaulted from the run's context and
 * checked, so bad input fails before any request of any kind. `planStep`: the plan, once the targets are
 * known — given, from the context, or looked up by the front end (GitHub's job environment) between the two.
 */

/**
 * Every setting as the user typed it, by meaning (see the input catalogue); a front end fills what its platform
 * gave and leaves the rest undefined.
 */
export type RawInputs = Partial<Record<PlanInput, string>>;

/** What the step does, decided once from the inputs. */
type Action = StepPlan['action'];

/** Phase one's result: everything but the targets a front end may still have to look up. */
export interface CheckedInputs {
  readonly action: Action;
  readonly base: PlanBase;
  readonly feed: string;
  readonly packages: readonly PackageSpec[];
  /** How many package lines were given, duplicates included. */
  readonly packagesGiven: number;
  /** Typed, else the context's; may be empty when a lookup is to fill it. */
  readonly targets: readonly string[];
  readonly targetsGiven: number;
  readonly targetHint?: string;
  readonly application: string;
  readonly description: string;
  readonly user?: string;
  readonly url?: string;
  readonly date: string;
  readonly download?: DownloadSettings;
  readonly sca?: ScaInputs;
  readonly promoteToFeed?: string;
  /** No target was given or found in the context, and the step needs one: a front end may look it up. */
  readonly needsTarget: boolean;
}

export interface CheckOptions {
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  /** The agent's own proxy and certificates (Azure) for ProGet's URL, part of the connection. */
  agent?: (server: string) => AgentTransport | undefined;
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

/**
 * The one statement of what a step does: `audit` when asked; SCA only when an SCA project is set and no
 * package; otherwise it records, through the API or with downloads.
 */
function actionOf(raw: RawInputs, mode: ChoiceOf<'mode'>): Action {
  if (mode === 'audit') return 'audit';
  if (optional(raw.scaProject) && !optional(raw.package)) return 'sca';
  return mode;
}

/** Inputs that mean nothing for the step's action are refused, not silently ignored. */
function refuseStray(raw: RawInputs, names: InputNames, action: Action): void {
  const unused: Partial<Record<Action, PlanInput[]>> = {
    audit: ['sbom', 'scaStage', 'promoteToFeed'],
    sca: ['promoteToFeed'],
  };
  const stray = unused[action]?.find((input) => optional(raw[input]));
  if (!stray) return;
  const why =
    action === 'audit'
      ? `${names.mode} audit only asks ProGet for its verdict on the build, recording, importing and promoting nothing`
      : `there is no ${names.package} to promote`;
  throw new InvalidInputError(`${names[stray]} is set, but ${why}`);
}

function checkBase(raw: RawInputs, names: InputNames, server: string, options: CheckOptions): PlanBase {
  const read = catalogueReader(raw, names);
  const authMethod = read.choice('authMethod');
  return {
    server,
    ...(optional(raw.apiKey) ? { apiKey: optional(raw.apiKey) } : {}),
    ...(optional(raw.scaApiKey) ? { scaApiKey: optional(raw.scaApiKey) } : {}),
    // `auto` leaves the way the key travels to each endpoint (FEED_TYPE_TABLE.downloadAuth); header/basic force one.
    ...(authMethod === 'auto' ? {} : { authMethod }),
    onError: read.choice('onError'),
    onNoncompliant: read.choice('onNoncompliant'),
    dryRun: read.boolean('dryRun'),
    timeoutMs: read.number('timeout') * 1000,
    retries: read.number('retries'),
    concurrency: read.number('concurrency'),
    transport: resolveTransport(
      {
        caCertPaths: lines(raw.caCert),
        caCertInput: names.caCert,
        insecure: read.boolean('insecure'),
        agent: options.agent?.(server),
      },
      options.env ?? process.env,
    ),
    names,
  };
}

/** The audit step's build: the project and build number, both named when one is missing. */
function checkAudit(raw: RawInputs, names: InputNames, packages: readonly PackageSpec[]): ScaInputs {
  const project = optional(raw.scaProject);
  const build = optional(raw.scaBuild) ?? packages[0]?.version;
  if (!project || !build) {
    const missing = [!project && names.scaProject, !build && names.scaBuild].filter(Boolean).join(' and ');
    throw new InvalidInputError(
      `${names.mode} audit checks one SCA build: set ${names.scaProject} and ${names.scaBuild} (${missing} ${project || build ? 'is' : 'are'} missing)`,
    );
  }
  checkText(project, names.scaProject, LIMITS.name);
  checkText(build, names.scaBuild, LIMITS.version);
  return { project, build };
}

/** The feed, the packages (each once) and the targets (typed, else the context's, each once). */
function checkWhat(raw: RawInputs, context: ContextDefaults, names: InputNames, deploys: boolean) {
  const feed = deploys
    ? required(raw.feed, names.feed, 'the name of the ProGet feed that holds the package')
    : (optional(raw.feed) ?? '');
  checkText(feed, names.feed, LIMITS.feed);
  checkText(optional(raw.version), names.version, LIMITS.version);
  checkText(optional(raw.group), names.group, LIMITS.group);
  const specs = { version: raw.version, group: raw.group, names };
  const givenPackages = deploys
    ? parsePackageSpecs(required(raw.package, names.package, 'one name@version per line'), specs)
    : optional(raw.package)
      ? parsePackageSpecs(raw.package!, specs)
      : [];
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
  return { feed, packages, targets };
}

/** What every record carries besides its package and target: link, date, user, application, description. */
function checkRecordFields(raw: RawInputs, context: ContextDefaults, names: InputNames, now: () => Date) {
  const url = optional(raw.url) ?? context.url;
  if (url) checkUrlText(url, names.url);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.url} ${quoted(url)} is not an absolute http(s) URL`);
  const date = optional(raw.date);
  const isoDate = date ? toUtcIso(date, names.date) : now().toISOString();
  if (date) checkDateRange(isoDate, names.date, now());
  return { url, date: isoDate };
}

function checkWho(raw: RawInputs, context: ContextDefaults, names: InputNames) {
  const user = optional(raw.user) ?? optional(context.user);
  checkText(user, names.user, LIMITS.user);
  const application = optional(raw.application) ?? context.application;
  checkText(application, names.application, LIMITS.application);
  const description =
    optional(raw.description) ?? context.description ?? `Deployed with ${context.application}`;
  checkText(description, names.description, LIMITS.description);
  return { user, application, description };
}

/** The feed versions are promoted to: another feed than the one they come from. */
function checkPromoteToFeed(raw: RawInputs, names: InputNames, feed: string): string | undefined {
  const promoteToFeed = optional(raw.promoteToFeed);
  checkText(promoteToFeed, names.promoteToFeed, LIMITS.feed);
  if (promoteToFeed && promoteToFeed.toLowerCase() === feed.toLowerCase()) {
    throw new InvalidInputError(
      `${names.promoteToFeed} "${promoteToFeed}" is ${names.feed} itself: name the feed to promote to`,
    );
  }
  return promoteToFeed;
}

function checkDownload(
  raw: RawInputs,
  names: InputNames,
  context: { server: string; packages: number; workingDirectory: string },
) {
  const read = catalogueReader(raw, names);
  return checkDownloadInputs(
    {
      downloadUrl: raw.downloadUrl,
      downloadTo: raw.downloadTo,
      apiKey: raw.apiKey,
      ...(optional(raw.feedType) ? { feedType: read.choice('feedType') } : {}),
      allowCrossOriginKey: read.boolean('allowCrossOriginKey'),
    },
    names,
    context,
  );
}

/**
 * Phase one: every input resolved against the run's context and checked, in the order its messages are
 * given. Throws InvalidInputError, naming the input as the platform spells it, before any request.
 */
export function checkInputs(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  options: CheckOptions = {},
): CheckedInputs {
  const server = required(
    raw.server,
    names.server,
    'the root URL of your ProGet server, e.g. https://proget.example.com',
  );
  checkServerUrl(server, names.server);
  const action = actionOf(raw, catalogueReader(raw, names).choice('mode'));
  refuseStray(raw, names, action);
  const deploys = action === 'record' || action === 'download';
  const { feed, packages, targets } = checkWhat(raw, context, names, deploys);
  const { url, date } = checkRecordFields(raw, context, names, options.now ?? (() => new Date()));
  const base = checkBase(raw, names, server, options);
  const { user, application, description } = checkWho(raw, context, names);
  const workingDirectory = context.workingDirectory ?? process.cwd();
  const sca =
    action === 'audit'
      ? checkAudit(raw, names, packages.unique)
      : checkScaInputs(raw, names, { packages: packages.unique, workingDirectory });
  const promoteToFeed = checkPromoteToFeed(raw, names, feed);
  const download =
    action === 'download'
      ? checkDownload(raw, names, { server, packages: packages.unique.length, workingDirectory })
      : undefined;
  return {
    action,
    base,
    feed,
    packages: packages.unique,
    packagesGiven: packages.given,
    targets: targets.unique,
    targetsGiven: targets.given,
    ...(context.targetHint ? { targetHint: context.targetHint } : {}),
    application,
    description,
    ...(user ? { user } : {}),
    ...(url ? { url } : {}),
    date,
    ...(download ? { download } : {}),
    ...(sca ? { sca } : {}),
    ...(promoteToFeed ? { promoteToFeed } : {}),
    needsTarget: targets.unique.length === 0 && (deploys || (action === 'sca' && !sca?.stage)),
  };
}

/** Arrays frozen too: nothing changes a plan once it is made. */
function frozen<T extends object>(plan: T): T {
  for (const value of Object.values(plan)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(plan);
}

/**
 * Phase two: the plan, with the target a front end looked up when none was given (undefined: none was looked
 * up). Throws when a step that needs a target still has none.
 */
export function planStep(checked: CheckedInputs, lookedUpTarget?: string): StepPlan {
  const { base, action } = checked;
  const { names } = base;
  const targets = checked.targets.length > 0 ? checked.targets : lookedUpTarget ? [lookedUpTarget] : [];
  if (lookedUpTarget) checkText(lookedUpTarget, names.target, LIMITS.target);
  if (action === 'audit') {
    const { project, build } = checked.sca!;
    return frozen({ ...base, action, audit: { project, build } });
  }
  const sca = checked.sca && planSca(checked.sca, names, { ...checked, targets });
  if (action === 'sca') return frozen({ ...base, action, sca: sca! });
  if (targets.length === 0) {
    throw new InvalidInputError(
      `no target: set ${names.target} to where the package was deployed${checked.targetHint ? `, ${checked.targetHint}` : ''}`,
    );
  }
  const targetsGiven = checked.targets.length > 0 ? checked.targetsGiven : 1;
  // Records are the cross product: every record a repeated package or target would have added.
  const duplicates = checked.packagesGiven * targetsGiven - checked.packages.length * targets.length;
  const deployment = {
    feed: checked.feed,
    packages: checked.packages,
    targets,
    application: checked.application,
    description: checked.description,
    ...(checked.user ? { user: checked.user } : {}),
    ...(checked.url ? { url: checked.url } : {}),
    date: checked.date,
    duplicates,
    ...(sca ? { sca } : {}),
    ...(checked.promoteToFeed ? { promoteToFeed: checked.promoteToFeed } : {}),
  };
  if (action === 'download') {
    checkOneTarget(targets.length, names);
    return frozen({ ...base, ...deployment, action, download: checked.download! });
  }
  return frozen({ ...base, ...deployment, action: 'record' });
}

/** Both phases at once, for a front end that looks nothing up: the plan to run, final as returned. */
export function resolvePlan(
  raw: RawInputs,
  context: ContextDefaults,
  names: InputNames,
  options: CheckOptions = {},
): StepPlan {
  return planStep(checkInputs(raw, context, names, options));
}
