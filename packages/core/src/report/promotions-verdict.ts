import type { PromotionResult, PromotionsReport } from '../promote/run-promotions.js';
import { plural, type Part, type VerdictFacts } from './verdict.js';

/** The promotions' part of the verdict: how many package versions reached the feed, and the first failure. */
export function promotionsPart(facts: VerdictFacts, promotions: PromotionsReport): Part {
  if (facts.dryRun) return { level: 'ok' };
  const to = `"${promotions.toFeed}"`;
  const count = (outcome: PromotionResult['outcome']) =>
    promotions.results.filter((r) => r.outcome === outcome);
  const failed = count('failed');
  const promoted = count('promoted').length;
  const already = count('already-promoted').length;
  const skipped = count('skipped').length;
  const done = [
    promoted ? `promoted ${plural(promoted, 'package version')} to ${to}` : '',
    already ? `${plural(already, 'version')} already there` : '',
    skipped ? `${plural(skipped, 'package version')} not promoted to ${to}` : '',
  ].filter(Boolean);
  if (failed.length === 0) {
    const said = done.length ? `${done.join(', ').replace(/^./, (c) => c.toUpperCase())}.` : undefined;
    return { ...(said ? { message: said, headline: said } : {}), level: 'ok' };
  }
  const first = failed[0]!;
  const what = `${failed.length} of ${plural(promotions.results.length, 'package version')} not promoted to ${to}`;
  return {
    headline: `${what}.`,
    message: `${what}: ${first.group ? `${first.group}/` : ''}${first.name}@${first.version}: ${first.error?.describe() ?? 'failed'}`,
    level: 'fail',
    errors: failed.flatMap((r) => (r.error ? [r.error] : [])),
  };
}
