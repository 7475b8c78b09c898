// @proget-deploy/emulator: a loopback ProGet API emulator for tests, the demo and the benchmark.
export { startEmulator, isLoopbackHost, DEFAULT_PROGET_VERSION } from './server.js';
export { contentSha256, expectedContent, DEFAULT_PACKAGE_SIZE } from './content.js';
export { FORBIDDEN_TEXT } from './auth.js';
export { validateFaultPlan } from './faults.js';
export type {
  DeploymentRecord,
  Emulator,
  EmulatorFeed,
  EmulatorOptions,
  EmulatorPackage,
  FaultPlan,
  RequestLogEntry,
  StoredDeployment,
  StoredPromotion,
} from './types.js';
export { EDITIONS, BASIC_COMPLIANCE_ACTIONS_PER_HOUR, RATE_LIMIT_TEXT, freeEditionText } from './edition.js';
export type { Edition } from './edition.js';
export { SCA_VERDICTS } from './sca-analysis.js';
export type {
  BuildAnalysisResults,
  ScaAnalysis,
  ScaAnalysisInput,
  ScaAnalysisPreset,
  ScaIssue,
  ScaIssueInput,
  ScaVerdict,
} from './sca-analysis.js';
export { DEFAULT_SCA_STAGES } from './sca-store.js';
export type {
  EmulatorScaOptions,
  ScaAnalysisEntry,
  ScaBuild,
  ScaComment,
  ScaPackage,
  ScaProject,
  ScaStore,
} from './sca-store.js';
