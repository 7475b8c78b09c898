// Test helpers shared by every package's tests. No workspace package is imported here, so any package's tests
// (core's included) may use them without a circle between packages.
export { FIXTURES, REPO_ROOT } from './repo.js';
export { CI_COMMAND_INJECTIONS } from './injections.js';
export {
  startHostileServer,
  type HostileBehaviour,
  type HostileOptions,
  type HostileRequest,
  type HostileServer,
} from './hostile-server.js';
export { CLI_BUNDLE, closedPort, runCli, type CliRun } from './run-cli.js';
export {
  ACTION_BUNDLE,
  RUNNER_TOKEN,
  RUN_ENV,
  inputVariable,
  runActionBundle,
  type ActionRun,
  type DeclaredInput,
} from './run-action.js';
export {
  TASK_BUNDLE,
  cleanupTempDirs,
  commandsNamed,
  completion,
  outputVariable,
  parseCommand,
  runTaskBundle,
  tempFiles,
  type BundleRun,
  type TaskRunOptions,
  type VsoCommand,
} from './run-task.js';
export { startLoopbackProxy, type LoopbackProxy, type ProxiedRequest } from './loopback-proxy.js';
