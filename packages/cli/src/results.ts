import {
  promotionsOutput,
  scaOutput,
  summaryRows,
  textTable,
  type OutputSink,
  type RunReport,
} from '@proget-deploy/core';
import { EXIT_MEANINGS } from './exit-codes.js';

/**
 * `--json`: the run's results and nothing else, for scripts (logs stay on stderr). Each record has its
 * `outcome`; a failed one its `error` (why it was not stored), a skipped one its `reason` (why it was never
 * sent). A step that stopped before it ran prints `{"error": …}` instead (jsonError).
 */
/** Output handed to stdout in parts of about this many characters: a large batch is never one string. */
const PART = 64 * 1024;

export function* jsonResults(report: RunReport, sink: OutputSink): Generator<string> {
  const { outcome, message, recorded, failed, skipped } = report;
  // ProGet's verdict on the SCA build, empty when no SCA step ran (the action's and the task's `compliance`).
  const compliance = report.sca?.analysis?.statusText ?? '';
  // What JSON.stringify(…, null, 2) would print, written row by row: a 100,000-record batch never holds a
  // row object per record (its results are compact), nor the whole text, only the part it is writing.
  const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
  let text = `${JSON.stringify({ outcome, message, recorded, failed, skipped, compliance }, null, 2).slice(0, -2)},\n  "records": [`;
  let first = true;
  for (const row of summaryRows(report, sink)) {
    text += `${first ? '' : ','}\n    ${indent(JSON.stringify(row, null, 2), '    ')}`;
    first = false;
    if (text.length >= PART) {
      yield text;
      text = '';
    }
  }
  text += first ? ']' : '\n  ]';
  if (report.sca) text += `,\n  "sca": ${indent(JSON.stringify(scaOutput(report.sca, sink), null, 2), '  ')}`;
  if (report.promotions)
    text += `,\n  "promotions": ${indent(JSON.stringify(promotionsOutput(report.promotions, sink), null, 2), '  ')}`;
  yield `${text}\n}\n`;
}

/** `--json`'s answer when there are no results: the exit code, what it means, and the one-line reason. */
export function jsonError(code: number, kind: string, message: string): string {
  return `${JSON.stringify({ error: { exitCode: code, meaning: EXIT_MEANINGS[code], kind, message } }, null, 2)}\n`;
}

/** The default stdout: a table marking each record's fate, then the verdict's counts (stderr says why). */
export function* textResults(report: RunReport, sink: OutputSink): Generator<string> {
  yield* textTable(report, sink);
  yield `\n${sink.safe(report.headline)}\n`;
}
