// What every mock-run script here shares: the committed bundle (the file the agent's handlers run), and the
// ProGet the suite started. MockTestRunner runs each script in a process of its own with no way to pass it
// anything, so the suite leaves the emulator's address in context.json beside the scripts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TaskMockRunner } from 'azure-pipelines-task-lib/mock-run.js';

const context = JSON.parse(readFileSync(new URL('context.json', import.meta.url), 'utf8'));

export const PROGET_URL = context.url;
export const PROGET_KEY = context.key;
/** The committed bundle, unless a test swaps in another entry. */
const TASK = context.task ?? fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));

/**
 * A runner for the bundle with the variables of a YAML deployment job to production. They are set as the
 * agent sets them (upper-cased, `.` as `_`), for the real azure-pipelines-task-lib inside the bundle;
 * TaskMockRunner's setVariableName only feeds the mocked library.
 */
export function deploymentJob() {
  const tmr = new TaskMockRunner(TASK);
  Object.assign(process.env, {
    ENVIRONMENT_NAME: 'production',
    BUILD_REQUESTEDFOR: 'Ada Lovelace',
    SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
    SYSTEM_TEAMPROJECT: 'Shop',
    BUILD_BUILDID: '4711',
    AGENT_TEMPDIRECTORY: context.tempDir,
  });
  return tmr;
}

/** A Generic service connection as the agent hands it to the task (ENDPOINT_* variables). */
export function serviceConnection(tmr, id, url, password) {
  tmr.setInput('connectionType', 'serviceConnection');
  tmr.setInput('proGetService', id);
  process.env[`ENDPOINT_URL_${id}`] = url;
  process.env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({ scheme: 'UsernamePassword' });
  process.env[`ENDPOINT_AUTH_PARAMETER_${id}_USERNAME`] = '';
  process.env[`ENDPOINT_AUTH_PARAMETER_${id}_PASSWORD`] = password;
}
