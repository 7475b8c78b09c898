import type { TextGuard } from '../output/sink.js';
import type { RecordResult } from '../record/batch-results.js';
import { md, mdLink } from './markdown.js';
import { promotionsMarkdown } from './promotions-summary.js';
import type { RunReport } from './run-report.js';
import { scaMarkdown } from './sca-summary.js';
import { summaryRows } from './summary.js';

// The job summary (GitHub) or build summary (Azure), in Markdown. A step imports this module only when its
// platform has a summary to write: a terminal, or a runner without GITHUB_STEP_SUMMARY, never loads it.

const OUTCOME_LABEL: Record<RecordResult['outcome'], string> = {
  recorded: '✅ recorded',
  failed: '❌ failed',
  skipped: '⏭️ not sent',
  'dry-run': '🔍 dry run',
};

/**
 * GitHub drops a step summary over 1 MiB ("Adding a job summary", docs.github.com/en/actions/reference/
 * workflows-and-actions/workflow-commands#adding-a-job-summary); Azure attaches the file to the run page as
 * is. Both get at most this many bytes, with room to spare.
 */
const SUMMARY_LIMIT_BYTES = 1_000_000;

export interface SummaryLimit {
  maxBytes?: number;
  /** Where every record can be read when rows were cut, e.g. "the records-file output". */
  fullList?: string;
}

/**
 * The step summary (GitHub job summary, Azure build summary): a heading, the verdict's counts, and a table
 * whose rows say each record's fate and why, so no failure is told twice. Rows that would take it past the
 * limit are left out, and a note gives the full counts.
 */
export function renderMarkdownSummary(report: RunReport, guard: TextGuard, limit: SummaryLimit = {}): string {
  const maxBytes = limit.maxBytes ?? SUMMARY_LIMIT_BYTES;
  const total = report.results.length;
  // An SCA-only run has no records: no empty table.
  const table = total > 0 || !report.sca;
  const head = [
    `### ${report.action === 'audit' ? "ProGet's verdict on an SCA build" : 'ProGet deployment records'}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    md(guard.safe(report.headline)),
    ...(table
      ? ['', '| Package | Version | Target | Outcome | Link |', '| --- | --- | --- | --- | --- |']
      : []),
  ].join('\n');
  const tail = [
    ...(report.sca ? [scaMarkdown(report.sca, guard, report.server).join('\n')] : []),
    ...(report.promotions ? [promotionsMarkdown(report.promotions, guard).join('\n')] : []),
  ]
    .map((section) => `\n\n${section}`)
    .join('');
  const note = (shown: number) =>
    `\n\nOnly the first ${shown} of ${total} records are shown (${report.recorded} recorded, ${report.failed} failed, ${report.skipped} skipped)${limit.fullList ? `; every record is in ${limit.fullList}` : ''}.`;
  // The note's size with the largest counts it can show, so adding it never breaks the limit.
  let budget = maxBytes - Buffer.byteLength(`${head}${note(total)}${tail}\n`);
  const lines: string[] = [];
  for (const r of summaryRows(report, guard)) {
    const line = `\n| ${md(r.package)} | ${md(r.version)} | ${md(r.target)} | ${OUTCOME_LABEL[r.outcome]}${r.error ? `: ${md(r.error)}` : ''}${r.reason ? `: ${md(r.reason.replace(/^not sent: /, ''))}` : ''} | ${mdLink('History', r.link)} |`;
    budget -= Buffer.byteLength(line);
    if (budget < 0) break;
    lines.push(line);
  }
  const cut = lines.length < total ? note(lines.length) : '';
  return `${head}${lines.join('')}${cut}${tail}\n`;
}
