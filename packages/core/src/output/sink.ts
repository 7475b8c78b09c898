import { neutraliseCommands } from './commands.js';
import { Redactor } from './redactor.js';

/** What the stages speak through: the sink, which makes every line safe before it is printed. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {}, error() {} };

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Makes text from outside fit to show: what report renderers need of the sink. */
export interface TextGuard {
  safe(text: string): string;
}

/**
 * The guard, remembering what it made of each text: a batch's rows repeat the same packages, versions, targets
 * and links, each made safe once rather than once a row. Forgets everything past `max` texts, so it stays small.
 */
export function rememberingGuard(guard: TextGuard, max = 10_000): TextGuard {
  const seen = new Map<string, string>();
  return {
    safe(text) {
      let out = seen.get(text);
      if (out === undefined) {
        if (seen.size >= max) seen.clear();
        out = guard.safe(text);
        seen.set(text, out);
      }
      return out;
    },
  };
}

/**
 * Where a front end's output goes: its platform's own log calls (which may wrap the text in commands of
 * their own, as @actions/core and task-lib do), outputs and summary. Only the sink writes here.
 */
export interface OutputChannel {
  print(level: LogLevel, text: string, title?: string): void;
  /** Whether debug lines are dropped (a terminal without --verbose): then they are not even made safe. */
  hidesDebug?(): boolean;
  /** Masks a value in every later line of the platform's log (`::add-mask::`, `task.setsecret`). */
  markSecret(value: string): void;
  /** A step output (a workflow output, an output variable). */
  setOutput?(name: string, value: string): void;
  /** Appends Markdown to the run's summary page. */
  writeSummary?(markdown: string): Promise<void>;
  /** A CLI's results (stdout), apart from its log (stderr). */
  printResult?(text: string): void;
}

/** The end of a step as the sink hands it on: its message made safe. */
export interface Finishing {
  message: string;
}

/**
 * The one way out. Every line, output value and summary passes through here: secrets are masked, control
 * characters escaped, and CI commands in text from outside neutralised. The product's own commands (masking a
 * secret, setting an output) are the channel's calls, made only from here, never strings built elsewhere.
 */
export class OutputSink implements Logger, TextGuard {
  constructor(
    private readonly channel: OutputChannel,
    readonly redactor: Redactor = new Redactor(),
  ) {}

  /** Text as it may be printed: secrets masked, control characters escaped, commands broken. */
  safe(text: string): string {
    return neutraliseCommands(this.redactor.redact(text));
  }

  /** A credential: masked in our output from now on, and in the platform's log. */
  secret(value: string | undefined): void {
    const trimmed = value?.trim();
    if (!trimmed) return;
    this.redactor.add(trimmed);
    this.channel.markSecret(trimmed);
  }

  debug(message: string): void {
    if (this.channel.hidesDebug?.()) return;
    this.channel.print('debug', this.safe(message));
  }

  info(message: string): void {
    this.channel.print('info', this.safe(message));
  }

  warning(message: string, title?: string): void {
    this.channel.print('warning', this.safe(message), title === undefined ? undefined : this.safe(title));
  }

  error(message: string, title?: string): void {
    this.channel.print('error', this.safe(message), title === undefined ? undefined : this.safe(title));
  }

  output(name: string, value: string): void {
    this.channel.setOutput?.(name, this.safe(value));
  }

  get writesSummary(): boolean {
    return this.channel.writeSummary !== undefined;
  }

  async summary(markdown: string): Promise<void> {
    await this.channel.writeSummary?.(this.safe(markdown));
  }

  /** Ends the step through `finish` with its message made safe; the channel decides how it is shown. */
  finish<R extends Finishing>(result: R, finish: (result: R) => void): void {
    finish({ ...result, message: this.safe(result.message) });
  }

  result(text: string): void {
    if (this.channel.printResult) this.channel.printResult(this.safe(text));
    else this.channel.print('info', this.safe(text));
  }
}
