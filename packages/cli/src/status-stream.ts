export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * stderr's layout: log lines and the progress line. A progress line is redrawn in place with `\r`; any other
 * line first clears it, so the two never end up on one line. What it is given was made safe by the sink.
 */
export class StatusStream {
  private progressShown = false;
  private lastDraw = 0;
  private announcement?: string;

  constructor(private readonly stream: TextStream) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  line(text: string): void {
    this.clearProgress();
    this.flushAnnouncement();
    this.stream.write(`${text}\n`);
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
}
