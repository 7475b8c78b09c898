import type { Logger } from '@proget-deploy/core';

/** The task results this task sets (task-lib's TaskResult names). */
export type TaskResultName = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

/** The agent's proxy, as task-lib's getHttpProxyConfiguration returns it. */
export interface AgentProxy {
  proxyUrl: string;
  proxyUsername?: string;
  proxyPassword?: string;
  proxyBypassHosts?: string[];
}

/** The agent's certificate settings, as task-lib's getHttpCertConfiguration returns them. */
export interface AgentCertificates {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  certArchiveFile?: string;
  passphrase?: string;
}

/**
 * The few azure-pipelines-task-lib calls the task makes. index.ts binds them to task-lib; tests pass a fake,
 * so the mapping is tested without task-lib's process-wide state (its vault, its stdout, its exit hooks).
 */
export interface TaskPlatform {
  /** Every input name the agent passed, task.json's or not (it passes a misspelt one on unchecked). */
  givenInputNames(): readonly string[];
  getInput(name: string): string | undefined;
  /** Reads an input that holds a secret and registers the value as one before anything can print it. */
  getSecretInput(name: string): string | undefined;
  /**
   * An input holding a URL (server, downloadUrl): a user may have pasted one with a key in it, so any
   * credential in it is registered as a secret before task-lib's debug line about it reaches the log.
   */
  getUrlInput(name: string): string | undefined;
  /** The service connection's URL, read as quietly as getUrlInput. */
  getEndpointUrl(id: string): string | undefined;
  /** The service connection's password (the ProGet API key), registered as a secret like getSecretInput. */
  getEndpointPassword(id: string): string | undefined;
  /** A pipeline variable by its dotted name (`Build.BuildId`). */
  getVariable(name: string): string | undefined;
  /** null when the agent has no proxy or bypasses it for this URL. Any password is registered as a secret. */
  getHttpProxyConfiguration(url: string): AgentProxy | null;
  /** null when the agent has no certificate settings. Any passphrase is registered as a secret. */
  getHttpCertConfiguration(): AgentCertificates | null;
  /** Masks a value in every later line of the agent's log (`tl.setSecret`). */
  setSecret(value: string): void;
  setOutputVariable(name: string, value: string): void;
  uploadSummary(path: string): void;
  setResult(result: TaskResultName, message: string): void;
  logger: Logger;
}
