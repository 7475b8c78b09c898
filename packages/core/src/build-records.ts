import type { DeploymentPlan } from './plan.js';
import { validateRecord, type DeploymentRecord } from './record.js';

/** Every package of the plan at every target, with the run's shared details; all validated before sending. */
export function buildRecords(plan: DeploymentPlan): DeploymentRecord[] {
  return plan.packages.flatMap((spec) =>
    plan.targets.map((target) =>
      validateRecord({
        Application: plan.application,
        Description: plan.description,
        Target: target,
        FeedName: plan.feed,
        PackageName: spec.name,
        Version: spec.version,
        GroupName: spec.group,
        UserName: plan.user,
        Url: plan.url,
        Date: plan.date,
      }),
    ),
  );
}
