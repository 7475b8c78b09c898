import type { DeploymentPlan } from '../plan/plan.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import type { RecordSource } from './batch-results.js';
import { validateRecord } from './record.js';

/** A record's fields that come from its package; the others come from the run, and Target from the target. */
type PackageFields = Pick<DeploymentRecord, 'PackageName' | 'Version' | 'GroupName'>;

/**
 * Every package of the plan at every target (packages outer, in input order), with the run's shared
 * details. The records are produced one at a time, when a batch gets to them: 1,000 packages at 100 targets
 * are never all in memory. All of them are validated before anything is sent, and cheaply: a record's values
 * come from the run, its package or its target, so one record per package and one per target cover every value
 * any record can hold. What validation made of each part is kept, and a record is those parts put together.
 */
export class PlanRecords implements RecordSource, Iterable<DeploymentRecord> {
  readonly length: number;
  // Private (#): built from the plan, which holds the API key; nothing of it appears when these are logged.
  readonly #first: DeploymentRecord;
  readonly #packages: PackageFields[];
  readonly #targets: string[];

  constructor(plan: DeploymentPlan) {
    this.length = plan.packages.length * plan.targets.length;
    const draft = (p: number, t: number) => {
      const spec = plan.packages[p]!;
      return validateRecord({
        Application: plan.application,
        Description: plan.description,
        Target: plan.targets[t],
        FeedName: plan.feed,
        PackageName: spec.name,
        Version: spec.version,
        GroupName: spec.group,
        UserName: plan.user,
        Url: plan.url,
        Date: plan.date,
      });
    };
    this.#packages = plan.packages.map((_, p) => {
      const { PackageName, Version, GroupName } = draft(p, 0);
      return { PackageName, Version, ...(GroupName ? { GroupName } : {}) };
    });
    this.#targets = plan.targets.map((_, t) => draft(0, t).Target);
    this.#first = draft(0, 0);
  }

  at(index: number): DeploymentRecord {
    const { Application, Description, FeedName, UserName, Url, Date } = this.#first;
    const { PackageName, Version, GroupName } = this.#packages[Math.floor(index / this.#targets.length)]!;
    // The properties in the order validateRecord gives them (the JSON sent and shown keeps it).
    return {
      Application,
      Description,
      Target: this.#targets[index % this.#targets.length]!,
      FeedName,
      PackageName,
      Version,
      ...(GroupName ? { GroupName } : {}),
      ...(UserName ? { UserName } : {}),
      ...(Url ? { Url } : {}),
      ...(Date ? { Date } : {}),
    };
  }

  *[Symbol.iterator](): Iterator<DeploymentRecord> {
    for (let i = 0; i < this.length; i += 1) yield this.at(i);
  }
}

/** The plan's records, validated up front and produced lazily (see PlanRecords). */
export function buildRecords(plan: DeploymentPlan): PlanRecords {
  return new PlanRecords(plan);
}
