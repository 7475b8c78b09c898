import type { TextGuard } from '../output/sink.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import type { RecordResult } from '../record/batch-results.js';
import { packagePageUrl } from './package-link.js';
import type { RunReport } from './run-report.js';
import { promotionFates, promotionsText, promotionText, versionKey } from './promotions-summary.js';
import { guarded, scaText } from './sca-summary.js';

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
