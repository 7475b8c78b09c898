// The stages one at a time, for core's integration tests (packages/integration): the plan, a run of it, and
// the renderers, without a front end around them. Not part of what a front end uses (index.ts is).
export * from './index.js';
export { BatchResults } from './record/batch-results.js';
export { checkInputs, planStep, resolvePlan, type CheckedInputs } from './plan/resolve.js';
export type { DeploymentPlan, DownloadPlan, StepPlan } from './plan/plan.js';
export { runPlan, type RunDependencies } from './step/run-plan.js';
export { silentLogger } from './output/sink.js';
export { bodyExcerpt } from './proget/body-excerpt.js';
export { errorFromResponse } from './proget/classify.js';
export {
  NotFoundError,
  RejectedError,
  TimeoutError,
  TlsError,
  FileError,
  asDeploymentError,
} from './errors.js';
export { recordsOutput } from './report/summary.js';
export { renderMarkdownSummary } from './report/markdown-summary.js';
export { writeRecordsFile } from './step/publish.js';
export { readSbom } from './inputs/sbom.js';
export { scaSteps } from './sca/run-sca.js';

import type { Redactor as RedactorType } from './output/redactor.js';
import type { TextGuard } from './output/sink.js';

/** What a renderer needs of the sink, for a redactor alone (a terminal's sink, without CI commands to break). */
export function guardOf(redactor: RedactorType): TextGuard {
  return { safe: (text) => redactor.redact(text) };
}
