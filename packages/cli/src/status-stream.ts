import type { Logger, Redactor } from '@proget-deploy/core';

export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * stderr: every log line, warning and the progress line, all through the redactor. A progress line is
 * redrawn in place with `\r`; any other line first clears it, so the two never end up on one line.
 */
export class StatusStream {
  private progressShown = false;
  private lastDraw = 0;
  private announcement?: string;

  constructor(
    private readonly stream: TextStream,
    private readonly redactor: Redactor,
  ) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  line(text: string): void {
    this.clearProgress();
    this.flushAnnouncement();
    this.stream.write(`${this.redactor.redact(text)}\n`);
  }

  /**
   * A line that introduces the run's output (the detected CI): written just before the run's first line, or
   * by `flushAnnouncement`; dropped by `discardAnnouncement` when the run ends in an error before it went ahead
   * (an unreadable CA file, say), so an error is never preceded by talk about a run that did not happen.
   */
  announce(text: string): void {
    this.announcement = text;
  }

  flushAnnouncement(): void {
    const text = this.announcement;
    this.announcement = undefined;
    if (text !== undefined) this.line(text);
  }

  discardAnnouncement(): void {
    this.announcement = undefined;
  }

  /** Redraws at most ten times a second, and always for the last record. */
  progress(done: number, total: number, now = Date.now()): void {
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.flushAnnouncement();
    this.stream.write(`\r recorded ${done}/${total}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stream.write('\r\x1b[K');
    this.progressShown = false;
  }

  logger(verbose: boolean): Logger {
    return {
      debug: (m) => {
        if (verbose) this.line(`debug: ${m}`);
      },
      info: (m) => this.line(m),
      warning: (m) => this.line(`warning: ${m}`),
      error: (m) => this.line(`error: ${m}`),
    };
  }
}
