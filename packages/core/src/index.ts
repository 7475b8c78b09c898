// Core's public surface: exactly what the adapters, the emulator, the scripts and the manifests tool use.
// Anything else stays private to core, so it can change without reaching into another package.
export { AuthError, DeploymentError, InvalidInputError, NetworkError, ServerError } from './errors.js';
export { Redactor, urlCredentials } from './redact.js';
export { escapeUnprintable } from './printable.js';
export { foldedLines } from './folded-lines.js';
export { LIMITS, checkText } from './validation.js';
export { describeRecord, validateRecord } from './record.js';
export { silentLogger, type Logger } from './logger.js';
export { createDispatcher, type ClientCertificate } from './transport.js';
export { readTextFile, readTextStream } from './files/read-bounded.js';
export { LIST_FILE_MAX_BYTES } from './files/limits.js';
export {
  INPUT_CATALOGUE,
  INPUT_ENTRIES,
  defaultOn,
  describeOn,
  entriesOn,
  helpOn,
  inputEntry,
  type AzureGroup,
  type AzureInput,
  type AzureInputType,
  type CliOption,
  type InputEntry,
  type InputKind,
  type InputMeaning,
  type Platform,
} from './input-catalogue.js';
export { AZURE_INPUT_NAMES, CLI_INPUT_NAMES, GITHUB_INPUT_NAMES, type InputNames } from './input-names.js';
export { lines, optional, parseBoolean } from './inputs.js';
export { ProGetClient } from './client.js';
export {
  resolvePlan,
  resolveSettings,
  type ContextDefaults,
  type DeploymentPlan,
  type PlanSettings,
  type RawInputs,
} from './plan.js';
export { packagePageUrl } from './package-link.js';
export { recordDeployments, redactPlanSecrets, type RunOutcome, type RunReport } from './run.js';
export {
  recordsOutput,
  renderMarkdownSummary,
  renderTextTable,
  savedFiles,
  summaryRows,
  writeRecordsFile,
  type SummaryRow,
} from './summary.js';
export { githubContext } from './ci/github.js';
export { azureContext, azureVariablesFromEnv } from './ci/azure.js';
export { detectCi, detectableCis, type DetectedCi } from './ci/detect.js';
export { FEED_TYPE_TABLE, FEED_TYPES, type FeedType } from './download/feed-type.js';
export { tuneForShortProcess } from './short-lived-process.js';
export { scaOutput, type ScaOutput } from './sca/sca-summary.js';
export type { ScaPlan } from './sca/sca-plan.js';
export type { ScaReport, ScaStepResult } from './sca/sca-run.js';
