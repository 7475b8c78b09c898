import type { Redactor } from './redact.js';

/** What core needs to speak; each adapter maps it to its platform (core.debug, tl.debug, stderr…). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {}, error() {} };

/** Every line core writes goes through the redactor, so no code path can print the key by mistake. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    debug: (m) => logger.debug(redactor.redact(m)),
    info: (m) => logger.info(redactor.redact(m)),
    warning: (m) => logger.warning(redactor.redact(m)),
    error: (m) => logger.error(redactor.redact(m)),
  };
}
