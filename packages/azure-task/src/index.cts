// The task's entry point, as the agent's Node20_1/Node24 handlers and azure-pipelines-task-lib's
// MockTestRunner run it. CommonJS without top-level await: MockTestRunner `require()`s the task, and Node
// cannot require a module that awaits at its top level (ERR_REQUIRE_ASYNC_MODULE).
import { run } from './main.js';

run().catch((error: unknown) => {
  // run() reports every failure itself; this is a bug's last resort, and a non-zero exit fails the step.
  console.error(error);
  process.exitCode = 1;
});
