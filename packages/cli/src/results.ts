import { renderTextTable, scaOutput, summaryRows, type Redactor, type RunReport } from '@proget-deploy/core';

/** `--json`: the run's results and nothing else, for scripts (logs stay on stderr). */
export function jsonResults(report: RunReport, redactor: Redactor): string {
  const { outcome, message, recorded, failed, skipped } = report;
  const records = summaryRows(report, redactor);
  const sca = report.sca ? { sca: scaOutput(report.sca, redactor) } : {};
  return `${JSON.stringify({ outcome, message, recorded, failed, skipped, records, ...sca }, null, 2)}\n`;
}

/** The default stdout: a table of records and outcomes, then the one-line verdict. */
export function textResults(report: RunReport, redactor: Redactor, ciLine: string): string {
  const heading = report.dryRun ? `Dry run (nothing sent). ${ciLine}\n\n` : '';
  return `${heading}${renderTextTable(report, redactor)}\n${redactor.redact(report.message)}\n`;
}
