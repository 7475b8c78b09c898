import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  recordsOutput,
  renderMarkdownSummary,
  writeRecordsFile,
  savedFiles,
  scaOutput,
  summaryRows,
  type Redactor,
  type RunReport,
} from '@proget-deploy/core';
import type { TaskPlatform } from './platform.js';

/** task.json's outputVariables. */
export const OUTPUT_VARIABLES = {
  records: 'records',
  count: 'count',
  files: 'files',
  sca: 'sca',
  recordsFile: 'recordsFile',
} as const;

/**
 * Output variables become environment variables of later steps, and Windows caps one at 32,767 characters
 * (learn.microsoft.com/windows/win32/procthread/environment-variables): `records` stays below that, and
 * `recordsFile` always has every record.
 */
const RECORDS_OUTPUT_CHARS = 32_000;

/**
 * Output variables for later steps and jobs (`records`: one JSON row per record with its outcome; `count`: how
 * many ProGet stored, so 0 in a dry run; `files`: download mode's saved package files, one per line), and the
 * markdown summary the agent attaches to the run.
 */
export function publishReport(
  platform: TaskPlatform,
  report: RunReport,
  redactor: Redactor,
  tempDir: string,
): void {
  // Rows are made as each output is written (twice, not kept): a batch can be 100,000 records.
  const records = recordsOutput(summaryRows(report, redactor), RECORDS_OUTPUT_CHARS);
  platform.setOutputVariable(OUTPUT_VARIABLES.records, records.json);
  platform.setOutputVariable(
    OUTPUT_VARIABLES.recordsFile,
    writeRecordsFile(tempDir, summaryRows(report, redactor)),
  );
  platform.setOutputVariable(OUTPUT_VARIABLES.count, String(report.recorded));
  platform.setOutputVariable(OUTPUT_VARIABLES.files, savedFiles(report));
  if (records.cut) {
    platform.logger.warning(
      `The ${OUTPUT_VARIABLES.records} output variable holds only the first records (it becomes an environment variable, and those are limited); all ${report.results.length} are in the file named by ${OUTPUT_VARIABLES.recordsFile}.`,
    );
  }
  // `sca`: the SCA build and what became of each of its steps, when an SCA project was set.
  platform.setOutputVariable(
    OUTPUT_VARIABLES.sca,
    report.sca ? JSON.stringify(scaOutput(report.sca, redactor)) : '',
  );
  // A unique name: two instances of the task in one job each get their own summary section.
  const path = join(tempDir, `proget-deployments-${randomUUID()}.md`);
  writeFileSync(
    path,
    renderMarkdownSummary(report, redactor, {
      fullList: `the file named by the ${OUTPUT_VARIABLES.recordsFile} output variable`,
    }),
    'utf8',
  );
  platform.uploadSummary(path);
}
