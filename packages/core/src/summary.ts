import type { RecordResult } from './client.js';
import { packagePageUrl } from './package-link.js';
import type { Redactor } from './redact.js';
import type { DeploymentRecord } from './record.js';
import type { RunReport } from './run.js';
import { scaMarkdown, scaText } from './sca/sca-summary.js';

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
  record: DeploymentRecord;
}

const OUTCOME_LABEL: Record<RecordResult['outcome'], string> = {
  recorded: '✅ recorded',
  failed: '❌ failed',
  skipped: '⏭️ not sent',
  'dry-run': '🔍 dry run',
};

export function summaryRows(report: RunReport, redactor: Redactor): SummaryRow[] {
  return report.results.map((result) => {
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
    return redactor.redactDeep(row);
  });
}

/** Download mode: the package files saved, one path per line (the `files` output of every front end). */
export function savedFiles(report: RunReport): string {
  return report.results
    .filter((r) => r.outcome === 'recorded' && r.file)
    .map((r) => r.file)
    .join('\n');
}

/** Markdown cells: a pipe or a newline would break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The step summary (GitHub job summary, Azure build summary): a heading, the verdict's counts, and a table
 * whose rows say each record's fate and why, so no failure is told twice.
 */
export function renderMarkdownSummary(report: RunReport, redactor: Redactor): string {
  const rows = summaryRows(report, redactor);
  // An SCA-only run has no records: no empty table.
  const table = rows.length > 0 || !report.sca;
  const out = [
    `### ProGet deployment records${report.dryRun ? ' (dry run)' : ''}`,
    '',
    cell(redactor.redact(report.headline)),
    ...(table
      ? [
          '',
          '| Package | Version | Target | Outcome | Link |',
          '| --- | --- | --- | --- | --- |',
          ...rows.map(
            (r) =>
              `| ${cell(r.package)} | ${cell(r.version)} | ${cell(r.target)} | ${OUTCOME_LABEL[r.outcome]}${r.error ? `: ${cell(r.error)}` : ''}${r.reason ? `: ${cell(r.reason.replace(/^not sent: /, ''))}` : ''} | [History](${r.link}) |`,
          ),
        ]
      : []),
    ...(report.sca ? ['', ...scaMarkdown(report.sca, redactor)] : []),
  ];
  return `${out.join('\n')}\n`;
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
export function renderTextTable(report: RunReport, redactor: Redactor): string {
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
    ].map((c) => redactor.redact(c));
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
  if (report.sca) text += `${text ? '\n' : ''}${scaText(report.sca, redactor).join('\n')}\n`;
  return text;
}
