// Core's public surface: exactly what the adapters, the emulator, the scripts and the manifests tool use.
// Anything else stays private to core, so it can change without reaching into another package.
export {
  asDeploymentError,
  AuthError,
  DeploymentError,
  InvalidInputError,
  NetworkError,
  ServerError,
  type ErrorKind,
} from './errors.js';
export { OutputSink, type Logger, type LogLevel, type OutputChannel } from './output/sink.js';
export { neutraliseCommands } from './output/commands.js';
export { Redactor, urlCredentials } from './output/redactor.js';
export { escapeUnprintable } from './output/printable.js';
export { foldedLines } from './output/folded-lines.js';
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
  type PlanInput,
} from './inputs/catalogue.js';
export { AZURE_INPUT_NAMES, CLI_INPUT_NAMES, GITHUB_INPUT_NAMES, type InputNames } from './inputs/names.js';
export { didYouMean } from './inputs/did-you-mean.js';
export { lines, optional, parseBoolean } from './inputs/parse.js';
export { LIMITS } from './inputs/validation.js';
export { FEED_TYPE_TABLE, FEED_TYPES, type FeedType } from './proget/feed-types.js';
// The dispatcher a run builds for ProGet, for a front end's own requests (GitHub's REST API): one HTTP client.
export { createDispatcher, type TransportOptions } from './proget/transport.js';
export { readLimitedBytes } from './proget/pipeline.js';
export type { ContextDefaults } from './plan/plan.js';
export type { AgentTransport } from './plan/transport.js';
export type { RawInputs } from './plan/resolve.js';
export { githubContext } from './ci/github.js';
export { azureContext, azureVariablesFromEnv } from './ci/azure.js';
export { detectCi, detectableCis, type DetectedCi } from './ci/detect.js';
export type { RunOutcome, RunReport } from './report/run-report.js';
export { renderTextTable, summaryRows, textTable, type SummaryRow } from './report/summary.js';
export { scaOutput, type ScaOutput } from './report/sca-summary.js';
export { promotionsOutput } from './report/promotions-summary.js';
export { OUTPUT_CATALOGUE, OUTPUT_ENTRIES, type OutputMeaning } from './step/output-catalogue.js';
export type { StepPlatform, StepResult } from './step/platform.js';
export { runStep, type StepOptions } from './step/run-step.js';
export { runnerInputNames } from './step/unknown-inputs.js';
