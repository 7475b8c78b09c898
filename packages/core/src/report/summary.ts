import type { TextGuard } from '../output/sink.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import type { RecordResult } from '../record/batch-results.js';
import { md, mdLink } from './markdown.js';
import { packagePageUrl } from './package-link.js';
import type { RunReport } from './run-report.js';
import {
  promotionFates,
  promotionsMarkdown,
  promotionsText,
  promotionText,
  versionKey,
} from './promotions-summary.js';
import { guarded, scaMarkdown, scaText } from './sca-summary.js';

/** One row of a run's summary: what every front end shows, in its own format. */
export interface SummaryRow {
  package: string;
  group?: string;
  name: string;
  version: string;
  target: string;
  outcome: RecordResult['outcome'];
  attempts: number;
  /** The package version's page in ProGet, where the History tab shows the record. */
  link: string;
  /** A failed record: why it was not stored (the server's answer, what to do). */
  error?: string;
  /** A skipped record: why it was never sent ("not sent: the key was refused for an earlier record"). */
  reason?: string;
  /** Download mode: the saved package file. */
  file?: string;
  /** With promote-to-feed: what became of the package version's promotion ("promoted", "already promoted"…). */
  promotion?: string;
  record: DeploymentRecord;
}

const OUTCOME_LABEL: Record<RecordResult['outcome'], string> = {
  recorded: '✅ recorded',
  failed: '❌ failed',
  skipped: '⏭️ not sent',
  'dry-run': '🔍 dry run',
};

/**
 * Each record's row, made as it is reached: a 100,000-record batch keeps its results compactly
 * (`BatchResults`), and a summary, an output or the records file holds only the rows it is writing.
 */
export function* summaryRows(report: RunReport, guard: TextGuard): Generator<SummaryRow> {
  const promotions = promotionFates(report.promotions);
  for (const result of report.results) {
    const { record } = result;
    const row: SummaryRow = {
      package: [record.GroupName, record.PackageName].filter(Boolean).join('/'),
      ...(record.GroupName ? { group: record.GroupName } : {}),
      name: record.PackageName,
      version: record.Version,
      target: record.Target,
      outcome: result.outcome,
      attempts: result.attempts,
      link: packagePageUrl(report.server, report.feed, record),
      record,
    };
    if (result.error) row.error = result.error.describe();
    if (result.reason) row.reason = result.reason;
    if (result.file) row.file = result.file;
    const promotion = promotions.get(versionKey(record.GroupName, record.PackageName, record.Version));
    if (promotion) row.promotion = promotionText(promotion);
    yield guarded(row, guard);
  }
}

/** Download mode: the package files saved, one path per line (the `files` output of every front end). */
export function savedFiles(report: RunReport): string {
  return report.results
    .filter((r) => r.outcome === 'recorded' && r.file)
    .map((r) => r.file)
    .join('\n');
}

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

/**
 * GitHub allows 1 MB of outputs per job, counted as UTF-16 (docs.github.com/en/actions/writing-workflows/
 * choosing-what-your-workflow-does/passing-information-between-jobs); Azure's output variables become
 * environment variables of later steps, which Windows caps at 32,767 characters. The `records` output holds
 * as many whole rows as fit in the platform's budget, in order, and always stays a JSON array; the full list
 * is in a file (`records-file`, `recordsFile`).
 */
export function recordsOutput(rows: Iterable<SummaryRow>, maxChars: number): { json: string; cut: boolean } {
  let length = 2;
  const parts: string[] = [];
  // Rows are made only until one does not fit: the rest are never built.
  for (const row of rows) {
    const part = JSON.stringify(row);
    length += part.length + (parts.length > 0 ? 1 : 0);
    if (length > maxChars) return { json: `[${parts.join(',')}]`, cut: true };
    parts.push(part);
  }
  return { json: `[${parts.join(',')}]`, cut: false };
}

/** The OUTCOME column of the text table: a skipped record was never sent, so it says so. */
const OUTCOME_TEXT: Record<RecordResult['outcome'], string> = {
  recorded: 'recorded',
  failed: 'failed',
  skipped: 'not sent',
  'dry-run': 'dry run',
};

/**
 * A plain aligned table for terminals and CI logs. It marks each record's fate; why records failed is the
 * verdict's job (`RunReport.message`), printed once where the platform shows failures.
 */
export function renderTextTable(report: RunReport, guard: TextGuard): string {
  // Built from the compact results in two passes (widths, then lines), without a row object per record:
  // a 100,000-record batch prints its table within a 32 MiB heap (scripts/bench-batch.mjs).
  const { results } = report;
  // Download mode adds where each package was saved.
  const withFiles = results.some((r) => r.file);
  const header = ['PACKAGE', 'VERSION', 'TARGET', 'OUTCOME', 'ATTEMPTS', ...(withFiles ? ['FILE'] : [])];
  const cells = (r: RecordResult) =>
    [
      [r.record.GroupName, r.record.PackageName].filter(Boolean).join('/'),
      r.record.Version,
      r.record.Target,
      OUTCOME_TEXT[r.outcome],
      String(r.attempts),
      ...(withFiles ? [r.file ?? ''] : []),
    ].map((c) => guard.safe(c));
  const widths = header.map((h) => h.length);
  for (const result of results) {
    for (const [i, c] of cells(result).entries()) widths[i] = Math.max(widths[i]!, c.length);
  }
  const format = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  // An SCA-only run has no records, and shows no empty table.
  let text = results.length > 0 || !report.sca ? `${format(header)}\n` : '';
  for (const result of results) text += `${format(cells(result))}\n`;
  if (report.sca) text += `${text ? '\n' : ''}${scaText(report.sca, guard).join('\n')}\n`;
  if (report.promotions)
    text += `${text ? '\n' : ''}${promotionsText(report.promotions, guard).join('\n')}\n`;
  return text;
}
