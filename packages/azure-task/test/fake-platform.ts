// An in-memory TaskPlatform: what the agent would hand the task, and a record of what the task did with it.
import { urlCredentials } from '@proget-deploy/core';
import type { AgentCertificates, AgentProxy, TaskPlatform, TaskResultName } from '../src/platform';

export interface FakeAgent {
  inputs?: Record<string, string>;
  endpoints?: Record<string, { url?: string; password?: string }>;
  variables?: Record<string, string>;
  proxy?: AgentProxy | null;
  certs?: AgentCertificates | null;
}

export interface FakePlatform extends TaskPlatform {
  /** Every input name read, in order, secret or not. */
  inputsRead: string[];
  secrets: string[];
  outputs: Record<string, string>;
  summaries: string[];
  results: Array<{ result: TaskResultName; message: string }>;
  log: string[];
}

export function fakePlatform(agent: FakeAgent = {}): FakePlatform {
  const inputsRead: string[] = [];
  const secrets: string[] = [];
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  const results: FakePlatform['results'] = [];
  const log: string[] = [];
  const input = (name: string) => {
    inputsRead.push(name);
    return agent.inputs?.[name];
  };
  const secret = (value: string | undefined) => {
    if (value) secrets.push(value);
    return value;
  };
  return {
    inputsRead,
    secrets,
    outputs,
    summaries,
    results,
    log,
    // The agent passes each input the pipeline sets as INPUT_<NAME>, upper case: only the name's letters survive.
    givenInputNames: () => Object.keys(agent.inputs ?? {}).map((name) => name.toLowerCase()),
    getInput: input,
    getSecretInput: (name) => secret(input(name)),
    getUrlInput: (name) => {
      const value = input(name);
      for (const credential of urlCredentials(value)) secret(credential);
      return value;
    },
    getEndpointUrl: (id) => {
      const value = agent.endpoints?.[id]?.url;
      for (const credential of urlCredentials(value)) secret(credential);
      return value;
    },
    getEndpointPassword: (id) => secret(agent.endpoints?.[id]?.password),
    getVariable: (name) => agent.variables?.[name],
    getHttpProxyConfiguration: () => {
      secret(agent.proxy?.proxyPassword);
      return agent.proxy ?? null;
    },
    getHttpCertConfiguration: () => {
      secret(agent.certs?.passphrase);
      return agent.certs ?? null;
    },
    // The agent masks a value once, however often it is registered.
    setSecret: (value) => void (secrets.includes(value) || secrets.push(value)),
    setOutputVariable: (name, value) => {
      outputs[name] = value;
    },
    uploadSummary: (path) => summaries.push(path),
    setResult: (result, message) => results.push({ result, message }),
    logger: {
      debug: (m) => log.push(`debug: ${m}`),
      info: (m) => log.push(m),
      warning: (m) => log.push(`warning: ${m}`),
      error: (m) => log.push(`error: ${m}`),
    },
  };
}
