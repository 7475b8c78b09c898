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
} from './types.js';
export { DEFAULT_SCA_STAGES } from './sca-store.js';
export type {
  EmulatorScaOptions,
  ScaBuild,
  ScaComment,
  ScaPackage,
  ScaProject,
  ScaStore,
} from './sca-store.js';
