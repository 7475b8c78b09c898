import { renderTextTable, scaOutput, summaryRows, type Redactor, type RunReport } from '@proget-deploy/core';

/**
 * `--json`: the run's results and nothing else, for scripts (logs stay on stderr). Each record has its
 * `outcome`; a failed one its `error` (why it was not stored), a skipped one its `reason` (why it was never
 * sent). Usage errors print `{"error": …}` instead (see main.ts).
 */
export function jsonResults(report: RunReport, redactor: Redactor): string {
  const { outcome, message, recorded, failed, skipped } = report;
  const records = summaryRows(report, redactor);
  const sca = report.sca ? { sca: scaOutput(report.sca, redactor) } : {};
  return `${JSON.stringify({ outcome, message, recorded, failed, skipped, records, ...sca }, null, 2)}\n`;
}

/** The default stdout: a table marking each record's fate, then the verdict's counts (stderr says why). */
export function textResults(report: RunReport, redactor: Redactor): string {
  return `${renderTextTable(report, redactor)}\n${redactor.redact(report.headline)}\n`;
}
