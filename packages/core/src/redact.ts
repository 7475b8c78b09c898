/**
 * Keeps API keys out of everything we print. A Redactor is created from the first line that reads a key
 * and every message, URL and record passes through it before it reaches a log, an output or a summary.
 */
const MASK = '***';

/**
 * `key=…` in a query string (ProGet's third key place) and `user:password@` in a URL. A quote ends a URL too,
 * so a URL inside a JSON line (a dry run's record) is masked without eating the rest of the line.
 */
const KEY_IN_QUERY = /([?&](?:key|api[-_]?key)=)[^&#\s"']*/gi;
const USERINFO_IN_URL = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']*:[^/\s@"']*@/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret; also its URL-encoded and base64 `api:KEY` forms, which is how it travels. */
  add(secret: string | undefined): void {
    const value = secret?.trim();
    // One- or two-character "secrets" would mask half of every line; a real key is never that short.
    if (!value || value.length < 3) return;
    this.secrets.add(value);
    this.secrets.add(encodeURIComponent(value));
    this.secrets.add(Buffer.from(`api:${value}`).toString('base64'));
  }

  redact(text: string): string {
    let out = text.replace(KEY_IN_QUERY, `$1${MASK}`).replace(USERINFO_IN_URL, `$1${MASK}@`);
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(MASK);
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value (records, results) without changing its shape. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.redactDeep(v)]),
      ) as T;
    }
    return value;
  }
}
