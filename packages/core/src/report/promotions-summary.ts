import type { TextGuard } from '../output/sink.js';
import type { PromotionResult, PromotionsReport } from '../promote/run-promotions.js';
import { md } from './markdown.js';

const OUTCOME_TEXT: Record<PromotionResult['outcome'], string> = {
  promoted: 'promoted',
  'already-promoted': 'already promoted',
  failed: 'failed',
  skipped: 'not promoted',
  'dry-run': 'dry run',
};

const OUTCOME_LABEL: Record<PromotionResult['outcome'], string> = {
  promoted: '✅ promoted',
  'already-promoted': '☑️ already promoted',
  failed: '❌ failed',
  skipped: '⏭️ not promoted',
  'dry-run': '🔍 dry run',
};

const nameOf = (r: { group?: string; name: string }) => (r.group ? `${r.group}/${r.name}` : r.name);

/** A package version's key, the same for its records and its promotion. */
export const versionKey = (group: string | undefined, name: string, version: string) =>
  JSON.stringify([group ?? '', name, version]);

/** Each package version's promotion fate by its key, for the records' rows. */
export function promotionFates(report: PromotionsReport | undefined): Map<string, PromotionResult> {
  return new Map((report?.results ?? []).map((r) => [versionKey(r.group, r.name, r.version), r]));
}

/** A promotion's fate in one line: the outcome, and why when it is not the obvious one. */
export function promotionText(result: PromotionResult): string {
  const why = result.error?.describe() ?? result.reason?.replace(/^not promoted: /, '');
  return `${OUTCOME_TEXT[result.outcome]}${why ? `: ${why}` : ''}`;
}

/** The promotions as the CLI's `--json` gives them: each version's fate, its error as one line. */
export function promotionsOutput(report: PromotionsReport, guard: TextGuard) {
  return {
    fromFeed: guard.safe(report.fromFeed),
    toFeed: guard.safe(report.toFeed),
    results: report.results.map((r) => ({
      ...(r.group ? { group: guard.safe(r.group) } : {}),
      name: guard.safe(r.name),
      version: guard.safe(r.version),
      outcome: r.outcome,
      attempts: r.attempts,
      ...(r.reason ? { reason: guard.safe(r.reason) } : {}),
      ...(r.error ? { error: guard.safe(r.error.describe()) } : {}),
    })),
  };
}

/** The promotions section of the step summary: one row per package version. */
export function promotionsMarkdown(report: PromotionsReport, guard: TextGuard): string[] {
  return [
    `#### Promotion from ${md(guard.safe(report.fromFeed))} to ${md(guard.safe(report.toFeed))}`,
    '',
    '| Package | Version | Promotion |',
    '| --- | --- | --- |',
    ...report.results.map((r) => {
      const why = r.error?.describe() ?? r.reason?.replace(/^not promoted: /, '');
      return `| ${md(guard.safe(nameOf(r)))} | ${md(guard.safe(r.version))} | ${OUTCOME_LABEL[r.outcome]}${why ? `: ${md(guard.safe(why))}` : ''} |`;
    }),
  ];
}

/** The promotions lines of the plain-text table: each version's fate (a failure's reason is the verdict's). */
export function promotionsText(report: PromotionsReport, guard: TextGuard): string[] {
  return [
    `Promotion from "${guard.safe(report.fromFeed)}" to "${guard.safe(report.toFeed)}"`,
    ...report.results.map(
      (r) =>
        `  ${guard.safe(`${nameOf(r)}@${r.version}`)}  ${OUTCOME_TEXT[r.outcome]}${r.reason && r.outcome === 'skipped' ? `: ${guard.safe(r.reason.replace(/^not promoted: /, ''))}` : ''}`,
    ),
  ];
}
