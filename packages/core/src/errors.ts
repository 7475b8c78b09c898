/**
 * One error family for everything that can stop a deployment record. Adapters only need `kind` to decide
 * the step's fate and `message` (already one line, already redacted) to tell the user why.
 */
export type ErrorKind =
  'invalid-input' | 'auth' | 'not-found' | 'rejected' | 'server' | 'network' | 'tls' | 'timeout';

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
  /** The low-level code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, CERT_HAS_EXPIRED…). */
  code?: string;
}

export class DeploymentError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly body?: string;
  readonly answeredBy?: string;
  readonly hint?: string;
  readonly attempts?: number;
  readonly code?: string;

  constructor(kind: ErrorKind, message: string, details: DeploymentErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.status = details.status;
    this.body = details.body;
    this.answeredBy = details.answeredBy;
    this.hint = details.hint;
    this.attempts = details.attempts;
    this.code = details.code;
  }

  /** The whole story on one line: what happened, what the server said (naming who did), what to do. */
  describe(): string {
    const parts = [this.message];
    if (this.body) parts.push(`${this.answeredBy ?? 'the server'} said: ${this.body}`);
    if (this.hint) parts.push(this.hint);
    return parts.join(' — ');
  }

  /**
   * Whether `on-error: warn` may turn this into a warning. Bad input and credentials are configuration
   * mistakes that would silently lose every future record, so they always fail the step.
   */
  get isConfigurationError(): boolean {
    return this.kind === 'invalid-input' || this.kind === 'auth';
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
