// Binds the TaskPlatform seam to azure-pipelines-task-lib; `run()` runs the task. index.cts calls it.
// First: it reads the input names before task-lib, loading, takes them out of the environment.
import { AGENT_INPUT_NAMES } from './agent-input-names.js';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { urlCredentials } from '@proget-deploy/core';
import type { TaskPlatform } from './platform.js';
import { readQuietly, type TaskOutput } from './quiet-read.js';
import { runTask } from './run-task.js';

const output: TaskOutput = { setStdStream: tl.setStdStream, setSecret: tl.setSecret, stdout: process.stdout };
const secret = (read: () => string | undefined) => readQuietly(output, read, (value) => [value]);
const url = (read: () => string | undefined) => readQuietly(output, read, urlCredentials);
const plain = (read: () => string | undefined) => readQuietly(output, read, () => []);

const platform: TaskPlatform = {
  givenInputNames: () => AGENT_INPUT_NAMES,
  getInput: (name) => plain(() => tl.getInput(name, false)),
  getSecretInput: (name) => secret(() => tl.getInput(name, false)),
  getUrlInput: (name) => url(() => tl.getInput(name, false)),
  getEndpointUrl: (id) => url(() => tl.getEndpointUrl(id, true)),
  getEndpointPassword: (id) => secret(() => tl.getEndpointAuthorizationParameter(id, 'password', true)),
  getVariable: (name) => plain(() => tl.getVariable(name)),
  getHttpProxyConfiguration: (url) =>
    readQuietly(
      output,
      () => tl.getHttpProxyConfiguration(url),
      (proxy) => [proxy?.proxyPassword],
    ),
  getHttpCertConfiguration: () =>
    readQuietly(
      output,
      () => tl.getHttpCertConfiguration(),
      (certs) => [certs?.passphrase],
    ),
  // A value a quiet read already registered is not registered twice.
  setSecret: (value) => {
    if (output.registered?.has(value)) return;
    tl.setSecret(value);
    (output.registered ??= new Set()).add(value);
  },
  setOutputVariable: (name, value) => tl.setVariable(name, value, false, true),
  uploadSummary: (path) => tl.uploadSummary(path),
  setResult: (result, message) => tl.setResult(tl.TaskResult[result], message),
  logger: {
    debug: (message) => tl.debug(message),
    info: (message) => console.log(message),
    warning: (message) => tl.warning(message),
    error: (message) => tl.error(message),
  },
};

/** The whole task in this process; the result reaches the agent as `##vso[task.complete]`. */
export async function run(): Promise<void> {
  await runTask(platform);
}
