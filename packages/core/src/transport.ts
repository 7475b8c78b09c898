import type { Dispatcher } from 'undici';
import { CERTIFICATE_FILE_MAX_BYTES } from './files/limits.js';
import { readBoundedFile, readTextFile } from './files/read-bounded.js';
import { Agent, EnvHttpProxyAgent } from './undici-parts.js';
import { InvalidInputError } from './errors.js';
import type { Logger } from './logger.js';

/** An explicit proxy, as an Azure agent or a user gives it. */
export interface ProxySettings {
  url: string;
  username?: string;
  password?: string;
  /** Hosts that skip the proxy, in NO_PROXY form (`.corp.example`, `proget.local:8443`, `*`). */
  bypass?: string[];
}

export interface ClientCertificate {
  /** PEM certificate and key files, or a PKCS#12 archive. */
  certPath?: string;
  keyPath?: string;
  pfxPath?: string;
  passphrase?: string;
}

export interface TransportOptions {
  /** `env` (default): HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment; `none`: connect directly. */
  proxy?: ProxySettings | 'env' | 'none';
  /** Extra trusted CA certificates: paths of PEM files (one or many certificates each). */
  caCertPaths?: string[];
  /** The CA input's name as the platform spells it (`ca-cert`, `caCert`, `--ca-cert`), for messages. */
  caCertInput?: string;
  clientCertificate?: ClientCertificate;
  /** Skip certificate verification. Always announced with a warning. */
  insecure?: boolean;
  /** Connections kept open per origin; a batch sends at most this many requests at once. */
  connections?: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A PKCS#12 archive's bytes; refused when not a regular file or larger than the cap. */
function readFile(path: string, what: string): Buffer {
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

/**
 * Node's `ca` option replaces the default trust store instead of adding to it, so the public roots and
 * NODE_EXTRA_CA_CERTS are put back beside the user's CA: a private CA must not break public hosts.
 */
function trustedCas(paths: string[], env: NodeJS.ProcessEnv, caCertInput: string): string[] {
  const extra = env.NODE_EXTRA_CA_CERTS
    ? readPemCertificates(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')
    : [];
  // node:tls is loaded here, not at start: a run without a private CA (or against http://) never needs it.
  const { rootCertificates } = process.getBuiltinModule('node:tls');
  return [...rootCertificates, ...extra, ...paths.flatMap((p) => readPemCertificates(p, caCertInput))];
}

function tlsOptions(options: TransportOptions, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  const caPaths = options.caCertPaths?.filter((p) => p.trim()) ?? [];
  if (caPaths.length > 0) tls.ca = trustedCas(caPaths, env, options.caCertInput ?? 'ca-cert');
  if (options.insecure) tls.rejectUnauthorized = false;
  const client = options.clientCertificate;
  if (client?.pfxPath) tls.pfx = readFile(client.pfxPath, 'client certificate archive');
  if (client?.certPath) tls.cert = readPem(client.certPath, 'client certificate');
  if (client?.keyPath) tls.key = readPem(client.keyPath, 'client certificate key');
  if (client?.passphrase) tls.passphrase = client.passphrase;
  return tls;
}

function envProxy(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const url = env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY;
  if (!url?.trim()) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  return { url: url.trim(), bypass: noProxy.split(/[,\s]+/).filter(Boolean) };
}

/** The proxy URL with its credentials folded in, which is how undici's ProxyAgent takes them. */
function proxyUri(proxy: ProxySettings): string {
  let url: URL;
  try {
    url = new URL(proxy.url.includes('://') ? proxy.url : `http://${proxy.url}`);
  } catch {
    throw new InvalidInputError(`proxy "${proxy.url}" is not a URL`);
  }
  if (proxy.username) url.username = encodeURIComponent(proxy.username);
  if (proxy.password) url.password = encodeURIComponent(proxy.password);
  return url.toString();
}

/** Proxy credentials are secrets too: the caller registers these with its redactor. */
export function transportSecrets(options: TransportOptions): string[] {
  const proxy = typeof options.proxy === 'object' ? options.proxy : undefined;
  return [proxy?.password, options.clientCertificate?.passphrase].filter((s): s is string => Boolean(s));
}

/**
 * Builds the one dispatcher a run uses: kept-alive connections, the proxy (with its bypass list) and the TLS
 * trust the user configured. Core never touches undici's global dispatcher, so tests and adapters stay
 * independent of each other.
 */
export function createDispatcher(
  options: TransportOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  logger?: Logger,
): Dispatcher {
  const tls = tlsOptions(options, env);
  if (options.insecure) {
    logger?.warning(
      'TLS certificate verification is OFF (insecure): anyone between here and ProGet can read the key.',
    );
  }
  const pool = { connections: options.connections ?? 8, keepAliveTimeout: 10_000 };
  const proxy =
    options.proxy === 'none'
      ? undefined
      : options.proxy === 'env' || !options.proxy
        ? envProxy(env)
        : options.proxy;
  if (!proxy) return new Agent({ ...pool, connect: tls });
  const uri = proxyUri(proxy);
  logger?.debug(
    `Using proxy ${new URL(uri).host}${proxy.bypass?.length ? ` (bypassed for ${proxy.bypass.join(', ')})` : ''}`,
  );
  // Values are always passed explicitly so undici never falls back to this process's own environment.
  return new EnvHttpProxyAgent({
    ...pool,
    httpProxy: uri,
    httpsProxy: uri,
    noProxy: (proxy.bypass ?? []).join(','),
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
  });
}
