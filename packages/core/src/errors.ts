/**
 * One error family for everything that can stop a step. A front end needs only `kind` to decide the step's
 * fate and `describe()` (one line, redacted by the sink that prints it) to tell the user why.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'auth'
  | 'not-found'
  | 'rejected'
  | 'server'
  | 'network'
  | 'tls'
  | 'timeout'
  /** This machine could not read or write a file it needed (disk full, permissions, a path that is a file). */
  | 'file'
  /** Nothing above explains it: an internal error of this tool. Never forgiven, always worth a report. */
  | 'bug';

/** The kinds a later run could succeed at with the same settings: the only ones `on-error: warn` forgives. */
const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set(['server', 'network', 'timeout']);

/**
 * Why an exchange with ProGet failed, finer than the kind. The request pipeline knows only ProGet's side; the
 * stage that made the request reads the reason to say which input would fix it (inputs/remedies.ts).
 */
export type FailureReason =
  /** 401 or 403: the key, or its absence, was refused. */
  | 'refused'
  /** 404. */
  | 'not-found'
  /** 3xx: the server sent the request elsewhere; POSTs are never re-sent to a redirect. */
  | 'redirected'
  /** 400: ProGet rejected what was sent. */
  | 'bad-request'
  /** 5xx or 408. */
  | 'server-failed'
  /** 429. */
  | 'rate-limited'
  /** Any other status: probably not ProGet at that address. */
  | 'unexpected-status'
  /** No answer within the deadline. */
  | 'timeout'
  /** The TLS handshake failed (certificate, protocol). */
  | 'tls'
  /** No connection, or it broke before an answer. */
  | 'unreachable'
  /** An answer began, then its connection broke. */
  | 'cut-short';

export interface DeploymentErrorDetails {
  /** HTTP status ProGet (or a proxy in front of it) answered with, when there was an answer. */
  status?: number;
  /** A short, single-line excerpt of the response body. */
  body?: string;
  /**
   * Who sent the body, in words: "ProGet" only when the answer carried ProGet's own `X-ProGet-Version`
   * header; otherwise "the server" (a proxy, a load balancer, something else at that address).
   */
  answeredBy?: string;
  /** What the user can do about it. */
  hint?: string;
  /** How many requests were made before giving up. */
  attempts?: number;
  /** The low-level code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, CERT_HAS_EXPIRED, ENOSPC…). */
  code?: string;
  /** Why an exchange with ProGet failed (set by the request pipeline). */
  reason?: FailureReason;
  /** A redirect's target, as the server sent it. */
  location?: string;
  /** A bug's stack, for debug output only. */
  stack?: string;
  /** ProGet's edition, from its X-ProGet-Edition header: what a licence allows explains some refusals. */
  edition?: ProGetEdition;
}

/** The editions ProGet names in X-ProGet-Edition (pgutil, Inedo.ProGet/ProGetClient.cs). */
export type ProGetEdition = 'Free' | 'Basic' | 'Enterprise';

export class DeploymentError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly body?: string;
  readonly answeredBy?: string;
  readonly hint?: string;
  readonly attempts?: number;
  readonly code?: string;
  readonly reason?: FailureReason;
  readonly location?: string;
  readonly details: DeploymentErrorDetails;

  constructor(kind: ErrorKind, message: string, details: DeploymentErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.details = details;
    this.status = details.status;
    this.body = details.body;
    this.answeredBy = details.answeredBy;
    this.hint = details.hint;
    this.attempts = details.attempts;
    this.code = details.code;
    this.reason = details.reason;
    this.location = details.location;
  }

  /** The same failure told differently: the place that reports it knows what was being done and which input fixes it. */
  retold(change: { message?: string; hint?: string; kind?: ErrorKind }): DeploymentError {
    return errorOfKind(change.kind ?? this.kind, change.message ?? this.message, {
      ...this.details,
      ...(change.hint !== undefined ? { hint: change.hint } : {}),
    });
  }

  /** The whole story on one line: what happened, what the server said (naming who did), what to do. */
  describe(): string {
    const parts = [this.message];
    if (this.body) parts.push(`${this.answeredBy ?? 'the server'} said: ${this.body}`);
    if (this.hint) parts.push(this.hint);
    return parts.join(' — ');
  }

  /**
   * Whether `on-error: warn` may NOT turn this into a warning. Only a failure that may heal by itself (a
   * server error, a rate limit, a network outage, a timeout) is forgiven; anything that would fail the same
   * way on every future run (bad input, credentials, a missing feed or package, a redirect, a method or
   * record ProGet refuses, a certificate problem, a local file problem, a bug) fails the step, or every later
   * record would silently be lost.
   */
  get isConfigurationError(): boolean {
    return !TRANSIENT_KINDS.has(this.kind);
  }
}

export class InvalidInputError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('invalid-input', message, details);
  }
}
export class AuthError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('auth', message, details);
  }
}
export class NotFoundError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('not-found', message, details);
  }
}
export class RejectedError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('rejected', message, details);
  }
}
export class ServerError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('server', message, details);
  }
}
export class NetworkError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('network', message, details);
  }
}
export class TlsError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('tls', message, details);
  }
}
export class TimeoutError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('timeout', message, details);
  }
}
export class FileError extends DeploymentError {
  constructor(message: string, details: DeploymentErrorDetails = {}) {
    super('file', message, details);
  }
}

const CLASSES: Partial<
  Record<ErrorKind, new (message: string, details?: DeploymentErrorDetails) => DeploymentError>
> = {
  'invalid-input': InvalidInputError,
  auth: AuthError,
  'not-found': NotFoundError,
  rejected: RejectedError,
  server: ServerError,
  network: NetworkError,
  tls: TlsError,
  timeout: TimeoutError,
  file: FileError,
};

/** An error of the kind's own class (so `instanceof NotFoundError` holds for a retold 404 too). */
export function errorOfKind(
  kind: ErrorKind,
  message: string,
  details: DeploymentErrorDetails = {},
): DeploymentError {
  const Class = CLASSES[kind];
  return Class ? new Class(message, details) : new DeploymentError(kind, message, details);
}

/**
 * A failure of this machine's file system (Node's system errors: ENOSPC, EACCES, EROFS…) as a file error
 * saying what could not be done; anything else as asDeploymentError tells it.
 */
export function fileFailure(error: unknown, doing: string): DeploymentError {
  const failure = error as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof failure?.code === 'string' && typeof failure.syscall === 'string') {
    // Node's file-system errors read "CODE: description, syscall 'path'": the description is kept.
    const description = /^[A-Z0-9]+: ([^,]+)/.exec(String(failure.message ?? ''))?.[1];
    return new FileError(`${doing}: ${failure.code}${description ? ` (${description})` : ''}`, {
      code: failure.code,
    });
  }
  return asDeploymentError(error);
}

/**
 * Anything thrown that is none of the above: a bug of this tool, told as one, with its stack kept for debug
 * output. A DeploymentError passes through unchanged.
 */
export function asDeploymentError(error: unknown): DeploymentError {
  if (error instanceof DeploymentError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeploymentError('bug', `internal error: ${message.split('\n')[0]}`, {
    hint: 'This is a bug in proget-deploy; please report it with the debug output.',
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
}
