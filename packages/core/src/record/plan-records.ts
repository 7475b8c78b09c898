import type { DeploymentPlan } from '../plan/plan.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import type { RecordSource } from './batch-results.js';
import { validateRecord } from './record.js';

/**
 * Every package of the plan at every target (packages outer, in input order), with the run's shared
 * details. The records are produced one at a time, when a batch gets to them: 1,000 packages at 100 targets
 * are never all in memory. All of them are still validated before anything is sent — cheaply: a record's
 * values come from the run, its package or its target, so one record per package and one per target cover
 * every value any record can hold.
 */
export class PlanRecords implements RecordSource, Iterable<DeploymentRecord> {
  readonly length: number;
  // Private (#): the plan holds the API key, which must not appear when these are logged or serialized.
  readonly #plan: DeploymentPlan;

  constructor(plan: DeploymentPlan) {
    this.#plan = plan;
    this.length = plan.packages.length * plan.targets.length;
    const targets = plan.targets.length;
    for (let p = 0; p < plan.packages.length; p += 1) this.at(p * targets);
    for (let t = 1; t < targets; t += 1) this.at(t);
  }

  at(index: number): DeploymentRecord {
    const plan = this.#plan;
    const spec = plan.packages[Math.floor(index / plan.targets.length)]!;
    return validateRecord({
      Application: plan.application,
      Description: plan.description,
      Target: plan.targets[index % plan.targets.length],
      FeedName: plan.feed,
      PackageName: spec.name,
      Version: spec.version,
      GroupName: spec.group,
      UserName: plan.user,
      Url: plan.url,
      Date: plan.date,
    });
  }

  *[Symbol.iterator](): Iterator<DeploymentRecord> {
    for (let i = 0; i < this.length; i += 1) yield this.at(i);
  }
}

/** The plan's records, validated up front and produced lazily (see PlanRecords). */
export function buildRecords(plan: DeploymentPlan): PlanRecords {
  return new PlanRecords(plan);
}
