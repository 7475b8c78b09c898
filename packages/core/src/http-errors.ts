import { STATUS_CODES } from 'node:http';
import { bodyExcerpt } from './body-excerpt.js';
import {
  AuthError,
  DeploymentError,
  NetworkError,
  NotFoundError,
  RejectedError,
  ServerError,
  TimeoutError,
  TlsError,
} from './errors.js';
import type { InputNames } from './input-names.js';
import { proGetVersionName } from './proget-version.js';
import type { Redactor } from './redact.js';

/** What a hint may refer to: the request's context and the names of the inputs the user can change. */
export interface ErrorContext {
  host: string;
  feed?: string;
  hasKey: boolean;
  names: InputNames;
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
}

/** True when the excerpt says nothing beyond the status line and the server's name (a proxy's stock page). */
function onlyRepeats(excerpt: string, status: number, server: string | undefined): boolean {
  let rest = excerpt.replace(String(status), ' ').replace(STATUS_CODES[status] ?? String(status), ' ');
  // "nginx/1.25.3" in the header, "nginx" on the page, or the other way round.
  if (server) rest = rest.replace(server, ' ').replace(server.split('/')[0]!, ' ');
  return /^[\s\d.:/()-]*$/.test(rest);
}

/**
 * Turns a non-2xx answer into the error a user can act on. When ProGet answered (its X-ProGet-Version header,
 * a version as ProGet writes it), in Inedo's own "responded with" wording, naming the version as pgutil's
 * errors do, and quoting ProGet's text as ProGet's. Anything else is "the server at host", named by its
 * `Server` header, so a proxy's error page is never taken for ProGet's words.
 */
export function errorFromResponse(
  status: number,
  rawBody: string,
  contentType: string,
  ctx: ErrorContext,
  location?: string,
  responder: Responder = {},
): DeploymentError {
  const label = statusLabel(status);
  const excerpt = bodyExcerpt(rawBody, contentType, ctx.redactor) || undefined;
  // A header that is not a version as ProGet writes it proves nothing about who answered.
  const version = proGetVersionName(responder.proGetVersion);
  const fromProGet = version !== undefined;
  const server = responder.server?.trim() || undefined;
  const said = fromProGet
    ? `${ctx.host} responded with ${label} (ProGet ${version})`
    : `the server at ${ctx.host} answered ${label}${server ? ` (${server})` : ''}`;
  const body = excerpt && (fromProGet || !onlyRepeats(excerpt, status, server)) ? excerpt : undefined;
  const details = {
    status,
    body,
    answeredBy: fromProGet ? 'ProGet' : 'the server',
    attempts: ctx.attempts,
  };
  const who = fromProGet ? 'ProGet' : 'The server';
  const feed = ctx.feed ? ` "${ctx.feed}"` : '';
  const { names } = ctx;
  if (status === 401 || status === 403) {
    const hint = ctx.hasKey
      ? `The API key is unknown, expired, or lacks the Feeds_DownloadPackage privilege on feed${feed}; check ${names.apiKey}.`
      : `${who} does not allow anonymous access here: set ${names.apiKey} to a key with Feeds_DownloadPackage on feed${feed}.`;
    return new AuthError(said, { ...details, hint });
  }
  if (status === 404) {
    return new NotFoundError(said, {
      ...details,
      hint: `Check that feed${feed} exists and that ${names.server} is ProGet's root URL (not a feed or API URL).`,
    });
  }
  if (status >= 300 && status < 400) {
    return new RejectedError(said, {
      ...details,
      hint: `${who} moved${location ? ` to ${location}` : ''}: set ${names.server} to the address it redirects to (deployment records are POSTs and are never re-sent to a redirect).`,
    });
  }
  if (status === 400) {
    return new RejectedError(said, {
      ...details,
      hint: `${who} rejected the record: check that feed${feed} holds this package name, group and version.`,
    });
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new ServerError(`${said} after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`, {
      ...details,
      hint:
        status === 429
          ? `${who} is rate-limiting; try fewer records at once or later.`
          : 'ProGet or a proxy in front of it failed; see its error log.',
    });
  }
  return new RejectedError(said, {
    ...details,
    hint: `Is ${names.server} the root URL of a ProGet server (5.2.26 or later)?`,
  });
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** The first error code on the cause chain: undici wraps the socket's error. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string }).code;
}

/** True when failing again would be pointless: a certificate problem does not heal between attempts. */
export function isTlsFailure(error: unknown): boolean {
  const code = errorCode(error);
  return Boolean(code && TLS_CODES.test(code));
}

export function errorFromException(error: unknown, ctx: ErrorContext, timedOut: boolean): DeploymentError {
  const attempts = `${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`;
  if (timedOut) {
    return new TimeoutError(`no answer from ${ctx.host} within ${ctx.timeoutMs / 1000} s (${attempts})`, {
      attempts: ctx.attempts,
      hint: `Raise ${ctx.names.timeout}, or check that a proxy or firewall lets the runner reach ProGet.`,
    });
  }
  const code = errorCode(error) ?? 'unknown error';
  if (TLS_CODES.test(code)) {
    return new TlsError(`TLS check failed for ${ctx.host}: ${code}`, {
      code,
      attempts: ctx.attempts,
      hint: `If ProGet uses a private CA, give its PEM file with ${ctx.names.caCert} (or NODE_EXTRA_CA_CERTS); ${ctx.names.insecure} skips the check but exposes the key.`,
    });
  }
  return new NetworkError(`could not reach ${ctx.host} (${cause(error, code)}) after ${attempts}`, {
    code,
    attempts: ctx.attempts,
    hint: `Check ${ctx.names.server}, DNS, and HTTPS_PROXY/NO_PROXY if the runner needs a proxy.`,
  });
}

/** "UND_ERR_SOCKET: other side closed": the code, and the message when it says more than the code. */
function cause(error: unknown, code: string): string {
  const message = (error as Error)?.message;
  return message && !String(message).includes(code) ? `${code}: ${message}` : code;
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
export function errorFromCutBody(error: unknown, ctx: ErrorContext, progress: BodyProgress): DeploymentError {
  const code = errorCode(error) ?? 'unknown error';
  const { received, expected } = progress;
  const after =
    received === undefined
      ? 'before the whole body arrived'
      : `after ${received}${expected === undefined ? '' : ` of ${expected}`} bytes`;
  return new NetworkError(
    `${ctx.host} answered ${progress.status} but the connection closed ${after} (${cause(error, code)})`,
    { code, attempts: ctx.attempts, hint: CUT_TRANSFER_HINT },
  );
}
