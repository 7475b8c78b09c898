import { optional, type AgentTransport } from '@proget-deploy/core';
import type { AgentCertificates, TaskPlatform } from './platform.js';

function clientCertificate(certs: AgentCertificates): AgentTransport['clientCertificate'] {
  const passphrase = optional(certs.passphrase);
  const certFile = optional(certs.certFile);
  const keyFile = optional(certs.keyFile);
  const pfxFile = optional(certs.certArchiveFile);
  if (!(certFile && keyFile) && !pfxFile) return undefined;
  return {
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    ...(pfxFile ? { pfxFile } : {}),
    ...(passphrase ? { passphrase } : {}),
  };
}

/**
 * The agent's own network settings, which the task must honour like any built-in task: its proxy (task-lib
 * has already applied the agent's bypass list to the server URL) and its CA and client certificates.
 * Without an agent proxy the task connects directly, as the agent itself does.
 */
export function agentTransport(platform: TaskPlatform, server: string): AgentTransport {
  const proxy = platform.getHttpProxyConfiguration(server);
  const certs = platform.getHttpCertConfiguration();
  const caFile = optional(certs?.caFile);
  const client = certs ? clientCertificate(certs) : undefined;
  return {
    proxy: proxy
      ? {
          url: proxy.proxyUrl,
          ...(optional(proxy.proxyUsername) ? { username: proxy.proxyUsername } : {}),
          ...(optional(proxy.proxyPassword) ? { password: proxy.proxyPassword } : {}),
        }
      : 'none',
    ...(caFile ? { caFile } : {}),
    ...(client ? { clientCertificate: client } : {}),
  };
}
