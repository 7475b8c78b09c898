import type { ChoiceOf } from '../inputs/catalogue.js';
import type { InputNames } from '../inputs/names.js';
import type { PackageSpec } from '../inputs/package-spec.js';
import type { KeyPlacement } from '../proget/auth.js';
import type { FeedType } from '../proget/feed-types.js';
import type { TransportOptions } from '../proget/transport.js';
import type { ScaPlan } from './sca.js';

/**
 * What a step will do, fully resolved and validated: nothing in it can still be wrong in a way we could have
 * caught, and nothing changes it once made (its parts are read-only). A union on what the step does:
 *
 * - `record`: one record per package × target through the Package Deployment API, then the SCA build and
 *   the promotion to another feed when asked for;
 * - `download`: each package fetched from its feed with the deployment headers (one target), then the same;
 * - `sca`: only the SCA build (an SCA project and no package);
 * - `audit`: ProGet's verdict on an SCA build, before a deploy; records and promotes nothing.
 */
export type StepPlan = RecordPlan | DownloadPlan | ScaOnlyPlan | AuditPlan;

export type StepAction = StepPlan['action'];
export type FailurePolicy = ChoiceOf<'onError'>;
export type NoncompliancePolicy = ChoiceOf<'onNoncompliant'>;

/** How every request of the step is made, and what every step has. */
export interface PlanBase {
  readonly server: string;
  readonly apiKey?: string;
  /** The SCA steps' own key (ProGet's SCA API refuses feed keys); undefined: they send apiKey. */
  readonly scaApiKey?: string;
  /** Forced by the auth-method input; undefined (`auto`): each endpoint's documented way. */
  readonly authMethod?: KeyPlacement;
  readonly onError: FailurePolicy;
  readonly onNoncompliant: NoncompliancePolicy;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly concurrency: number;
  readonly transport: Readonly<TransportOptions>;
  /** The inputs as this platform spells them, for messages. */
  readonly names: InputNames;
}

/** What every deployment record of a step shares, and the packages and targets it crosses. */
export interface Deployment {
  readonly feed: string;
  readonly packages: readonly PackageSpec[];
  readonly targets: readonly string[];
  readonly application: string;
  readonly description: string;
  readonly user?: string;
  readonly url?: string;
  /** One instant for the whole run, so retries and every record of a step carry the same Date. */
  readonly date: string;
  /** Records given more than once (the same package at the same target), dropped so each is sent once. */
  readonly duplicates: number;
  /** Set when an SCA project is: the build to ensure, import into, promote and comment on. */
  readonly sca?: ScaPlan;
  /** Each recorded package version is promoted from `feed` to this feed. */
  readonly promoteToFeed?: string;
}

export interface RecordPlan extends PlanBase, Deployment {
  readonly action: 'record';
}

export interface DownloadPlan extends PlanBase, Deployment {
  readonly action: 'download';
  readonly download: DownloadSettings;
}

export interface ScaOnlyPlan extends PlanBase {
  readonly action: 'sca';
  readonly sca: ScaPlan;
}

export interface AuditPlan extends PlanBase {
  readonly action: 'audit';
  readonly audit: { readonly project: string; readonly build: string };
}

export interface DownloadSettings {
  /** From the feed-type input; a Package URL's own type wins for its line. */
  readonly feedType?: FeedType;
  /** Absolute directory the package files are saved in. */
  readonly directory: string;
  /** An exact download URL, for feed types whose URL we do not build (one package only). */
  readonly url?: string;
  /** Set when the user let the key go to a download URL on another host: that host, for the warning. */
  readonly crossOriginHost?: string;
}

/** The plans that record deployments (and may promote an SCA build and the packages afterwards). */
export type DeploymentPlan = RecordPlan | DownloadPlan;

export function isDeployment(plan: StepPlan): plan is DeploymentPlan {
  return plan.action === 'record' || plan.action === 'download';
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
