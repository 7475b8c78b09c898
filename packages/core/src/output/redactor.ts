/**
 * Keeps API keys out of everything we print. A Redactor is created from the first line that reads a key
 * and every message, URL and record passes through it before it reaches a log, an output or a summary.
 */
import { escapeUnprintable } from './printable.js';

const MASK = '***';

/** A cut that leaves this many characters of a secret at its edge gives too much of it away. */
const FRAGMENT = 4;

/**
 * `key=…` in a query string (ProGet's third key place) and `user:password@` in a URL. A quote ends a URL too,
 * so a URL inside a JSON line (a dry run's record) is masked without eating the rest of the line.
 */
const KEY_IN_QUERY = /([?&](?:key|api[-_]?key)=)[^&#\s"']*/gi;
const USERINFO_IN_URL = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']*:[^/\s@"']*@/gi;

export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets longest first, so a secret that contains another is masked whole; sorted once per change. */
  private longestFirst: string[] = [];

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
    this.longestFirst = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /**
   * Masks every secret, and escapes control characters: everything a run prints passes through here, so
   * neither a key nor a terminal escape sequence from input or a server can reach a log.
   */
  redact(text: string): string {
    return escapeUnprintable(this.mask(text));
  }

  /** Masks every secret and nothing else. */
  mask(text: string): string {
    // Most text (a table cell, a version) has no URL and no secret: it is looked at, not copied.
    let out = text.includes('=') ? text.replace(KEY_IN_QUERY, `$1${MASK}`) : text;
    if (out.includes('@')) out = out.replace(USERINFO_IN_URL, `$1${MASK}@`);
    for (const secret of this.longestFirst) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }

  /**
   * For text that was cut short (an excerpt, a body read up to a limit): a secret that straddled the cut has
   * only its head left, which whole-value masking (ours, the runner's, the agent's) no longer recognises.
   * A tail of 4 or more characters that begins a secret is masked too.
   */
  maskCutEdge(text: string): string {
    let longest = 0;
    for (const secret of this.secrets) {
      for (let n = Math.min(secret.length - 1, text.length); n >= FRAGMENT && n > longest; n -= 1) {
        if (text.endsWith(secret.slice(0, n))) longest = n;
      }
    }
    return longest ? `${text.slice(0, text.length - longest)}${MASK}` : text;
  }

  /** Redacts the whole text first, then cuts it to `max` characters: a cut never splits a secret. */
  excerpt(text: string, max: number): string {
    const whole = this.redact(text);
    return whole.length > max ? `${this.maskCutEdge(whole.slice(0, max - 1))}…` : whole;
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

/** `scheme://userinfo@` at the start of a URL, read without a URL parser: a malformed URL may still hold a key. */
const USERINFO = /^\s*[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i;
const CREDENTIAL_PARAMS = /[?&](?:key|api[-_]?key|token|password|access[-_]?token)=([^&#\s]*)/gi;

/**
 * The credentials a URL as typed may carry: a user name or password in `user:pass@`, and a `key=` (or
 * similar) query value; each as written and percent-decoded. A front end registers them as secrets before
 * its platform can print the URL. A user name next to a password is not a secret (often `api`).
 */
export function urlCredentials(url: string | undefined): string[] {
  if (!url) return [];
  const found: string[] = [];
  const userinfo = USERINFO.exec(url)?.[1];
  if (userinfo) {
    const colon = userinfo.indexOf(':');
    found.push(colon === -1 ? userinfo : userinfo.slice(colon + 1));
  }
  for (const match of url.matchAll(CREDENTIAL_PARAMS)) found.push(match[1]!);
  const decoded = found.map((value) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  });
  return [...new Set([...found, ...decoded])].filter((value) => value.length >= 3);
}
