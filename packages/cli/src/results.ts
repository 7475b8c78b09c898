import { renderTextTable, scaOutput, summaryRows, type Redactor, type RunReport } from '@proget-deploy/core';

/**
 * `--json`: the run's results and nothing else, for scripts (logs stay on stderr). Each record has its
 * `outcome`; a failed one its `error` (why it was not stored), a skipped one its `reason` (why it was never
 * sent). Usage errors print `{"error": …}` instead (see main.ts).
 */
export function jsonResults(report: RunReport, redactor: Redactor): string {
  const { outcome, message, recorded, failed, skipped } = report;
  // What JSON.stringify(…, null, 2) would print, written row by row: a 100,000-record batch never holds a
  // row object per record (its results are compact), only the text it prints.
  const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
  let text = `${JSON.stringify({ outcome, message, recorded, failed, skipped }, null, 2).slice(0, -2)},\n  "records": [`;
  let first = true;
  for (const row of summaryRows(report, redactor)) {
    text += `${first ? '' : ','}\n    ${indent(JSON.stringify(row, null, 2), '    ')}`;
    first = false;
  }
  text += first ? ']' : '\n  ]';
  if (report.sca)
    text += `,\n  "sca": ${indent(JSON.stringify(scaOutput(report.sca, redactor), null, 2), '  ')}`;
  return `${text}\n}\n`;
}

/** The default stdout: a table marking each record's fate, then the verdict's counts (stderr says why). */
export function textResults(report: RunReport, redactor: Redactor): string {
  return `${renderTextTable(report, redactor)}\n${redactor.redact(report.headline)}\n`;
}
