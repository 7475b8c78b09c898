import { optional, type ClientCertificate, type DeploymentPlan } from '@proget-deploy/core';
import type { AgentCertificates, TaskPlatform } from './platform.js';

function clientCertificate(certs: AgentCertificates): ClientCertificate | undefined {
  const passphrase = optional(certs.passphrase);
  const certPath = optional(certs.certFile);
  const keyPath = optional(certs.keyFile);
  // The agent gives the PEM pair and a PKCS#12 archive made from it; the pair is enough, the archive is the fallback.
  if (certPath && keyPath) return { certPath, keyPath, ...(passphrase ? { passphrase } : {}) };
  const pfxPath = optional(certs.certArchiveFile);
  if (pfxPath) return { pfxPath, ...(passphrase ? { passphrase } : {}) };
  return undefined;
}

/**
 * The agent's own network settings, which the task must honour like any built-in task: its proxy (task-lib
 * has already applied the agent's bypass list to the server URL) and its CA and client certificates.
 * Without an agent proxy the task connects directly, as the agent itself does.
 */
export function applyAgentTransport(plan: DeploymentPlan, platform: TaskPlatform): void {
  const proxy = platform.getHttpProxyConfiguration(plan.server);
  plan.transport.proxy = proxy
    ? {
        url: proxy.proxyUrl,
        ...(optional(proxy.proxyUsername) ? { username: proxy.proxyUsername } : {}),
        ...(optional(proxy.proxyPassword) ? { password: proxy.proxyPassword } : {}),
      }
    : 'none';

  const certs = platform.getHttpCertConfiguration();
  if (!certs) return;
  const caFile = optional(certs.caFile);
  if (caFile) plan.transport.caCertPaths = [...(plan.transport.caCertPaths ?? []), caFile];
  const client = clientCertificate(certs);
  if (client) plan.transport.clientCertificate = client;
}
