import { STATUS_CODES } from 'node:http';
import {
  AuthError,
  DeploymentError,
  type ProGetEdition,
  NetworkError,
  NotFoundError,
  RejectedError,
  ServerError,
  TimeoutError,
  TlsError,
} from '../errors.js';
import type { Redactor } from '../output/redactor.js';
import { bodyExcerpt } from './body-excerpt.js';
import { proGetVersionName } from './version.js';

/**
 * Every failure of an exchange with ProGet, classified into the error family with its reason. What ProGet's
 * side tells is said here; which of the user's inputs would fix it is for the stage that made the request to
 * add (inputs/remedies.ts), since only it knows what was being done.
 */
export interface ExchangeFacts {
  host: string;
  attempts: number;
  timeoutMs: number;
  /** Masks the run's secrets in a server's answer before it is cut to an excerpt. */
  redactor?: Redactor;
}

/** "301 Moved Permanently": Node's table of reason phrases (RFC 9110), so a 3xx reads like any other status. */
function statusLabel(status: number): string {
  return `${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
}

/** What the response's headers say about who sent it. */
export interface Responder {
  /** ProGet's own `X-ProGet-Version` header: present only when ProGet itself answered. */
  proGetVersion?: string;
  /** The `Server` header (nginx, Microsoft-IIS/10.0, cloudflare…). */
  server?: string;
  /** ProGet's `X-ProGet-Edition` header. */
  edition?: string;
}

const EDITIONS: readonly ProGetEdition[] = ['Free', 'Basic', 'Enterprise'];

/** The edition as ProGet names it, or nothing: a header is no place to take free text from. */
function editionOf(header: string | undefined): ProGetEdition | undefined {
  return EDITIONS.find((edition) => edition.toLowerCase() === header?.trim().toLowerCase());
}

/** True when the excerpt says nothing beyond the status line and the server's name (a proxy's stock page). */
function onlyRepeats(excerpt: string, status: number, server: string | undefined): boolean {
  let rest = excerpt.replace(String(status), ' ').replace(STATUS_CODES[status] ?? String(status), ' ');
  // "nginx/1.25.3" in the header, "nginx" on the page, or the other way round.
  if (server) rest = rest.replace(server, ' ').replace(server.split('/')[0]!, ' ');
  return /^[\s\d.:/()-]*$/.test(rest);
}

/** The Server header as a message may show it: a product token, never free text from the wire. */
function serverName(header: string | undefined): string | undefined {
  const text = header?.trim();
  return text && /^[\w.\-/ ()]{1,60}$/.test(text) ? text : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Turns a non-2xx answer into an error. When ProGet answered (its X-ProGet-Version header, a version as ProGet
 * writes it), in Inedo's own "responded with" wording, naming the version as pgutil's errors do, and quoting
 * ProGet's text as ProGet's. Anything else is "the server at host", named by its `Server` header, so a proxy's
 * error page is never taken for ProGet's words.
 */
export function errorFromResponse(
  status: number,
  rawBody: string,
  contentType: string,
  facts: ExchangeFacts,
  location?: string,
  responder: Responder = {},
): DeploymentError {
  const label = statusLabel(status);
  const excerpt = bodyExcerpt(rawBody, contentType, facts.redactor) || undefined;
  // A header that is not a version as ProGet writes it proves nothing about who answered.
  const version = proGetVersionName(responder.proGetVersion);
  const fromProGet = version !== undefined;
  const server = serverName(responder.server);
  const said = fromProGet
    ? `${facts.host} responded with ${label} (ProGet ${version})`
    : `the server at ${facts.host} answered ${label}${server ? ` (${server})` : ''}`;
  const body = excerpt && (fromProGet || !onlyRepeats(excerpt, status, server)) ? excerpt : undefined;
  const edition = fromProGet ? editionOf(responder.edition) : undefined;
  const details = {
    status,
    body,
    answeredBy: fromProGet ? 'ProGet' : 'the server',
    attempts: facts.attempts,
    ...(edition ? { edition } : {}),
  };
  if (status === 401 || status === 403) return new AuthError(said, { ...details, reason: 'refused' });
  if (status === 404) return new NotFoundError(said, { ...details, reason: 'not-found' });
  if (status >= 300 && status < 400) {
    return new RejectedError(said, {
      ...details,
      reason: 'redirected',
      ...(location ? { location: facts.redactor?.redact(location) ?? location } : {}),
    });
  }
  if (status === 400) return new RejectedError(said, { ...details, reason: 'bad-request' });
  if (status === 429) {
    return new ServerError(`${said} after ${plural(facts.attempts, 'attempt')}`, {
      ...details,
      reason: 'rate-limited',
      hint: `${fromProGet ? 'ProGet' : 'The server'} is rate-limiting; try fewer records at once or later.`,
    });
  }
  if (status >= 500 || status === 408) {
    return new ServerError(`${said} after ${plural(facts.attempts, 'attempt')}`, {
      ...details,
      reason: 'server-failed',
      hint: 'ProGet or a proxy in front of it failed; see its error log.',
    });
  }
  return new RejectedError(said, { ...details, reason: 'unexpected-status' });
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/**
 * The codes of a connection that failed or broke: the socket's (libuv's), DNS's and undici's own. Anything
 * else thrown while a request is under way is not the network's doing: it is a bug, and told as one.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EADDRNOTAVAIL',
  'EPROTO',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_PRX_TLS',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_HEADER_TOKEN',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_STATUS',
  'HPE_INVALID_VERSION',
  'HPE_HEADER_OVERFLOW',
]);

/** The first error code on the cause chain: undici wraps the socket's error. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when failing again would be pointless: a certificate problem does not heal between attempts. */
export function isTlsFailure(error: unknown): boolean {
  const code = errorCode(error);
  return Boolean(code && TLS_CODES.test(code));
}

/** True for a failure of the connection itself (refused, reset, DNS, a malformed answer, a TLS handshake). */
export function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error);
  return Boolean(code && (NETWORK_CODES.has(code) || TLS_CODES.test(code) || /^HPE_/.test(code)));
}

/** "UND_ERR_SOCKET: other side closed": the code, and the message when it says more than the code. */
function cause(error: unknown, code: string): string {
  const message = (error as Error)?.message;
  return message && !String(message).includes(code) ? `${code}: ${message}` : code;
}

/** No answer within the deadline. */
export function timeoutError(facts: ExchangeFacts): DeploymentError {
  return new TimeoutError(
    `no answer from ${facts.host} within ${facts.timeoutMs / 1000} s (${plural(facts.attempts, 'attempt')})`,
    { attempts: facts.attempts, reason: 'timeout' },
  );
}

/** A connection that failed before an answer: TLS or network. Callers check isConnectionFailure first. */
export function errorFromConnection(error: unknown, facts: ExchangeFacts): DeploymentError {
  const code = errorCode(error) ?? 'unknown error';
  if (TLS_CODES.test(code)) {
    return new TlsError(`TLS check failed for ${facts.host}: ${code}`, {
      code,
      attempts: facts.attempts,
      reason: 'tls',
    });
  }
  return new NetworkError(
    `could not reach ${facts.host} (${cause(error, code)}) after ${plural(facts.attempts, 'attempt')}`,
    { code, attempts: facts.attempts, reason: 'unreachable' },
  );
}

/** A transfer that broke after the server answered: retried, as a dropped connection usually heals. */
export const CUT_TRANSFER_HINT =
  'The connection broke during the transfer; it is retried, and a download keeps no partial file. If it keeps happening, a proxy or the server is cutting responses short.';

/** How much of an answer's body arrived before its connection broke. */
export interface BodyProgress {
  status: number;
  /** Bytes received; undefined when they were not counted. */
  received?: number;
  /** Content-Length, when the server sent one. */
  expected?: number;
}

/**
 * The server was reached and answered; only its body was cut (a reset, a proxy closing the connection). Said
 * so, in the words of a clean short body ("cut short: N of M bytes"), never as "could not reach".
 */
export function errorFromCutBody(
  error: unknown,
  facts: ExchangeFacts,
  progress: BodyProgress,
): DeploymentError {
  const code = errorCode(error) ?? 'unknown error';
  const { received, expected } = progress;
  const after =
    received === undefined
      ? 'before the whole body arrived'
      : `after ${received}${expected === undefined ? '' : ` of ${expected}`} bytes`;
  return new NetworkError(
    `${facts.host} answered ${progress.status} but the connection closed ${after} (${cause(error, code)})`,
    { code, attempts: facts.attempts, hint: CUT_TRANSFER_HINT, reason: 'cut-short' },
  );
}
