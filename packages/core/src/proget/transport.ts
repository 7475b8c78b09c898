import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { InvalidInputError } from '../errors.js';
import type { Logger } from '../output/sink.js';

/** An explicit proxy, as an Azure agent or a user gives it. */
export interface ProxySettings {
  url: string;
  username?: string;
  password?: string;
  /** Hosts that skip the proxy, in NO_PROXY form (`.corp.example`, `proget.local:8443`, `*`). */
  bypass?: string[];
}

/** A client certificate the server asks for (the Azure agent's), already read: PEM pair or PKCS#12 archive. */
export interface ClientCertificate {
  /** PEM text. */
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
}

export interface TransportOptions {
  /** `env` (default): HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment; `none`: connect directly. */
  proxy?: ProxySettings | 'env' | 'none';
  /** Extra trusted CA certificates (PEM blocks), trusted besides the public roots. */
  extraCas?: readonly string[];
  clientCertificate?: ClientCertificate;
  /** Skip certificate verification. Always announced with a warning. */
  insecure?: boolean;
  /** Connections kept open per origin; a batch sends at most this many requests at once. */
  connections?: number;
}

/**
 * Node's `ca` option replaces the default trust store instead of adding to it, so the public roots are put
 * back beside the extra CAs: a private CA must not break public hosts.
 */
function tlsOptions(options: TransportOptions): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  if (options.extraCas?.length) {
    // node:tls is loaded here, not at start: a run without a private CA (or against http://) never needs it.
    const { rootCertificates } = process.getBuiltinModule('node:tls');
    tls.ca = [...rootCertificates, ...options.extraCas];
  }
  if (options.insecure) tls.rejectUnauthorized = false;
  const client = options.clientCertificate;
  if (client?.pfx) tls.pfx = client.pfx;
  if (client?.cert) tls.cert = client.cert;
  if (client?.key) tls.key = client.key;
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
  const tls = tlsOptions(options);
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
