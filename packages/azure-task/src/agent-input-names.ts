// main.ts imports this before azure-pipelines-task-lib: task-lib, as it loads, moves every INPUT_ variable
// out of process.env into its vault, which lists no names. Read here first, the names the pipeline gave
// survive, so a misspelt input (the agent passes it on unchecked) can be named.
import { runnerInputNames } from '@proget-deploy/core';

/** Each input the agent passed the task, lower case: task.json's, and any other the pipeline set. */
export const AGENT_INPUT_NAMES: readonly string[] = runnerInputNames(process.env);
