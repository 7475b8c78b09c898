import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  renderMarkdownSummary,
  savedFiles,
  scaOutput,
  summaryRows,
  type Redactor,
  type RunReport,
} from '@proget-deploy/core';
import type { TaskPlatform } from './platform.js';

/** task.json's outputVariables. */
export const OUTPUT_VARIABLES = { records: 'records', count: 'count', files: 'files', sca: 'sca' } as const;

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
  const rows = summaryRows(report, redactor);
  platform.setOutputVariable(OUTPUT_VARIABLES.records, JSON.stringify(rows));
  platform.setOutputVariable(OUTPUT_VARIABLES.count, String(report.recorded));
  platform.setOutputVariable(OUTPUT_VARIABLES.files, savedFiles(report));
  // `sca`: the SCA build and what became of each of its steps, when an SCA project was set.
  platform.setOutputVariable(
    OUTPUT_VARIABLES.sca,
    report.sca ? JSON.stringify(scaOutput(report.sca, redactor)) : '',
  );
  // A unique name: two instances of the task in one job each get their own summary section.
  const path = join(tempDir, `proget-deployments-${randomUUID()}.md`);
  writeFileSync(path, renderMarkdownSummary(report, redactor), 'utf8');
  platform.uploadSummary(path);
}
