import { asDeploymentError, DeploymentError } from '../errors.js';
import type { InputNames } from '../inputs/names.js';
import { licenceRemedy, withConnectionHint } from '../inputs/remedies.js';
import type { Logger } from '../output/sink.js';
import type { DeploymentPlan } from '../plan/plan.js';
import { send, type Connection } from '../proget/pipeline.js';
import { alreadyPromoted, promotePackage, type PackagePromotion } from '../proget/promotions-api.js';
import type { BatchResults } from '../record/batch-results.js';

/** What became of one package version's promotion to the production feed. */
export interface PromotionResult {
  group?: string;
  name: string;
  version: string;
  outcome: 'promoted' | 'already-promoted' | 'failed' | 'skipped' | 'dry-run';
  /** Why it was skipped: its records were not all stored, or the SCA verdict stopped the step. */
  reason?: string;
  error?: DeploymentError;
  attempts: number;
}

export interface PromotionsReport {
  fromFeed: string;
  toFeed: string;
  results: PromotionResult[];
}

/** Who deployed where, with the run's link: the promotion's comment in ProGet's history. */
function comments(plan: DeploymentPlan): string {
  const who = plan.user ? ` by ${plan.user}` : '';
  const link = plan.url ? `: ${plan.url}` : '';
  return `Deployed to ${plan.targets.join(', ')}${who} with ${plan.application}${link}`;
}

/** A refused promotion told with what the user can change. */
function promotionRemedy(
  error: DeploymentError,
  names: InputNames,
  feeds: { fromFeed: string; toFeed: string },
): DeploymentError {
  const { fromFeed, toFeed } = feeds;
  const licensed = licenceRemedy(error, 'package promotion');
  if (licensed) return licensed;
  if (error.reason === 'refused') {
    return error.retold({
      hint: `The API key may not promote packages from "${fromFeed}" to "${toFeed}": give it that permission in ProGet, or set ${names.apiKey} to a key that has it.`,
    });
  }
  if (error.reason === 'bad-request' || error.reason === 'not-found') {
    return error.retold({
      hint: `Check that feed "${toFeed}" (${names.promoteToFeed}) exists and is the same type of feed as ${names.feed}.`,
    });
  }
  return withConnectionHint(error, names);
}

/** The package versions of the plan, each once, with whether every one of its records was stored. */
function versions(plan: DeploymentPlan, results: BatchResults) {
  const targets = plan.targets.length;
  return plan.packages.map((spec, index) => {
    let stored = true;
    for (let t = 0; t < targets; t += 1)
      if (results.at(index * targets + t)?.outcome !== 'recorded') stored = false;
    return { spec, stored };
  });
}

export interface PromotionOptions {
  /** Set when the SCA verdict stopped the step: nothing is promoted to production, and each says why. */
  blockedBy?: string;
  log: Logger;
}

/**
 * The promote stage: each package version whose deployment was recorded, promoted from `feed` to
 * `promote-to-feed` once, however many targets; one ProGet already shows promoted there is not sent again.
 */
export async function runPromotions(
  plan: DeploymentPlan & { promoteToFeed: string },
  records: BatchResults,
  connection: Connection | undefined,
  options: PromotionOptions,
): Promise<PromotionsReport> {
  const report: PromotionsReport = { fromFeed: plan.feed, toFeed: plan.promoteToFeed, results: [] };
  for (const { spec, stored } of versions(plan, records)) {
    const promotion: PackagePromotion = {
      name: spec.name,
      ...(spec.group ? { group: spec.group } : {}),
      version: spec.version,
      fromFeed: plan.feed,
      toFeed: plan.promoteToFeed,
      comments: comments(plan),
    };
    const base = {
      ...(spec.group ? { group: spec.group } : {}),
      name: spec.name,
      version: spec.version,
      attempts: 0,
    };
    if (plan.dryRun || !connection) {
      options.log.info(
        `[dry run] POST ${promotePackage(plan.server, promotion).url.href} ${JSON.stringify(promotion)}`,
      );
      report.results.push({ ...base, outcome: 'dry-run' });
    } else if (options.blockedBy) {
      report.results.push({ ...base, outcome: 'skipped', reason: options.blockedBy });
    } else if (!stored) {
      report.results.push({
        ...base,
        outcome: 'skipped',
        reason: 'not promoted: its deployment was not recorded',
      });
    } else {
      report.results.push({ ...base, ...(await promote(promotion, plan, connection)) });
    }
  }
  return report;
}

async function promote(
  promotion: PackagePromotion,
  plan: DeploymentPlan & { promoteToFeed: string },
  connection: Connection,
): Promise<Pick<PromotionResult, 'outcome' | 'attempts' | 'error'>> {
  try {
    // A re-run of the same deploy must not promote twice: ProGet's list of past promotions says whether it did.
    // When the list cannot be read (an older ProGet, a key that may promote but not view), the promotion is sent.
    const seen = await send(connection, alreadyPromoted(plan.server, promotion)).catch(() => ({
      value: false,
    }));
    if (seen.value) return { outcome: 'already-promoted', attempts: 0 };
    const { attempts } = await send(connection, promotePackage(plan.server, promotion));
    return { outcome: 'promoted', attempts };
  } catch (error) {
    const failure =
      error instanceof DeploymentError
        ? promotionRemedy(error, plan.names, promotion)
        : asDeploymentError(error);
    return { outcome: 'failed', attempts: failure.attempts ?? 1, error: failure };
  }
}
