import { InvalidInputError } from '../errors.js';
import { CERTIFICATE_FILE_MAX_BYTES } from '../files/limits.js';
import { readBoundedFile, readTextFile } from '../files/read-bounded.js';
import type { ClientCertificate, ProxySettings, TransportOptions } from '../proget/transport.js';

/** What a platform's agent adds to the connection (Azure: its proxy, CA and client certificate). */
export interface AgentTransport {
  /** `none`: the agent has no proxy, or bypasses it for ProGet, and the task connects directly as the agent does. */
  proxy?: ProxySettings | 'none';
  caFile?: string;
  clientCertificate?: { certFile?: string; keyFile?: string; pfxFile?: string; passphrase?: string };
}

export interface TransportInputs {
  caCertPaths: readonly string[];
  /** The CA input as the platform spells it, for messages. */
  caCertInput: string;
  insecure: boolean;
  agent?: AgentTransport;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A PKCS#12 archive's bytes; refused when not a regular file or larger than the cap. */
function readArchive(path: string, what: string): Buffer {
  return readBoundedFile(path, { input: what, maxBytes: CERTIFICATE_FILE_MAX_BYTES });
}

/** A PEM file's text: UTF-8 (or UTF-16 with a byte order mark), without the mark OpenSSL would trip on. */
function readPem(path: string, what: string): string {
  return readTextFile(path, { input: what, maxBytes: CERTIFICATE_FILE_MAX_BYTES });
}

function readPemCertificates(path: string, what: string): string[] {
  const certs = readPem(path, what).match(PEM_BLOCK);
  if (!certs)
    throw new InvalidInputError(`${what} "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return certs;
}

function clientCertificate(agent: AgentTransport['clientCertificate']): ClientCertificate | undefined {
  if (!agent) return undefined;
  const passphrase = agent.passphrase ? { passphrase: agent.passphrase } : {};
  // The agent gives the PEM pair and a PKCS#12 archive made from it; the pair is enough, the archive is the fallback.
  if (agent.certFile && agent.keyFile) {
    return {
      cert: readPem(agent.certFile, 'client certificate'),
      key: readPem(agent.keyFile, 'client certificate key'),
      ...passphrase,
    };
  }
  if (agent.pfxFile) return { pfx: readArchive(agent.pfxFile, 'client certificate archive'), ...passphrase };
  return undefined;
}

/**
 * The connection's trust, read before any request: the CA files (a private CA), the agent's own CA and client
 * certificate. Node's `ca` replaces the default trust store, so when any extra CA is given the certificates of
 * NODE_EXTRA_CA_CERTS, which Node would otherwise have added, are kept beside them.
 */
export function resolveTransport(inputs: TransportInputs, env: NodeJS.ProcessEnv): TransportOptions {
  const paths = inputs.caCertPaths.filter((p) => p.trim());
  const agentCa = inputs.agent?.caFile;
  const extraCas =
    paths.length > 0 || agentCa
      ? [
          ...(env.NODE_EXTRA_CA_CERTS
            ? readPemCertificates(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')
            : []),
          ...(agentCa ? readPemCertificates(agentCa, "the agent's CA certificate") : []),
          ...paths.flatMap((path) => readPemCertificates(path, inputs.caCertInput)),
        ]
      : undefined;
  const client = clientCertificate(inputs.agent?.clientCertificate);
  return {
    ...(inputs.agent?.proxy ? { proxy: inputs.agent.proxy } : {}),
    ...(extraCas ? { extraCas } : {}),
    ...(client ? { clientCertificate: client } : {}),
    ...(inputs.insecure ? { insecure: true } : {}),
  };
}

/** Proxy credentials and a certificate's passphrase are secrets too: the step registers them with the sink. */
export function transportSecrets(transport: TransportOptions): string[] {
  const proxy = typeof transport.proxy === 'object' ? transport.proxy : undefined;
  return [proxy?.password, transport.clientCertificate?.passphrase].filter((s): s is string => Boolean(s));
}
