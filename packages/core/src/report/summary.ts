import { rememberingGuard, type TextGuard } from '../output/sink.js';
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
  const safe = rememberingGuard(guard);
  // Records come package by package: each package version's link is made once for all its targets.
  let link = { key: '', href: '' };
  for (const result of report.results) {
    const { record } = result;
    const key = versionKey(record.GroupName, record.PackageName, record.Version);
    if (key !== link.key) link = { key, href: packagePageUrl(report.server, report.feed, record) };
    const row: SummaryRow = {
      package: [record.GroupName, record.PackageName].filter(Boolean).join('/'),
      ...(record.GroupName ? { group: record.GroupName } : {}),
      name: record.PackageName,
      version: record.Version,
      target: record.Target,
      outcome: result.outcome,
      attempts: result.attempts,
      link: link.href,
      record,
    };
    if (result.error) row.error = result.error.describe();
    if (result.reason) row.reason = result.reason;
    if (result.file) row.file = result.file;
    const promotion = promotions.get(key);
    if (promotion) row.promotion = promotionText(promotion);
    yield guarded(row, safe);
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

/** A table is handed on in parts of about this many characters, each ending a line: never one huge string. */
const TEXT_CHUNK = 64 * 1024;

/** The text table's record lines, made from the compact results in two passes (widths, then lines). */
function* tableLines(report: RunReport, guard: TextGuard): Generator<string> {
  const { results } = report;
  const safe = rememberingGuard(guard);
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
    ].map((c) => safe.safe(c));
  const widths = header.map((h) => h.length);
  for (const result of results) {
    for (const [i, c] of cells(result).entries()) widths[i] = Math.max(widths[i]!, c.length);
  }
  const format = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  yield format(header);
  for (const result of results) yield format(cells(result));
}

/**
 * A plain aligned table for terminals and CI logs, handed on in parts (each ends a line) so that a 100,000-record
 * batch never builds it as one string. It marks each record's fate; why records failed is the verdict's job
 * (`RunReport.message`), printed once where the platform shows failures.
 */
export function* textTable(report: RunReport, guard: TextGuard): Generator<string> {
  let text = '';
  let any = false;
  const flush = function* () {
    if (text) yield text;
    any ||= Boolean(text);
    text = '';
  };
  // An SCA-only run has no records, and shows no empty table.
  if (report.results.length > 0 || !report.sca) {
    for (const line of tableLines(report, guard)) {
      text += `${line}\n`;
      if (text.length >= TEXT_CHUNK) yield* flush();
    }
  }
  const sections = [
    ...(report.sca ? [scaText(report.sca, guard)] : []),
    ...(report.promotions ? [promotionsText(report.promotions, guard)] : []),
  ];
  for (const lines of sections) text += `${any || text ? '\n' : ''}${lines.join('\n')}\n`;
  yield* flush();
}

/** The whole text table as one string, for a report small enough to hold it (tests, a single record). */
export function renderTextTable(report: RunReport, guard: TextGuard): string {
  return [...textTable(report, guard)].join('');
}
