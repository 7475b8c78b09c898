import { InvalidInputError } from '../errors.js';
import { escapeForLine, UNPRINTABLE } from '../output/printable.js';
import { Redactor } from '../output/redactor.js';

/**
 * One rule set for every value a run sends, checked before the first request. ProGet documents no length
 * limits for the deployment record's fields, so the limits are generous but finite: 255 characters for
 * names (the common database column width), 4,000 for the description, 2,048 for URLs (the longest URL
 * every common proxy and browser accepts).
 */
export const LIMITS = {
  feed: 255,
  group: 255,
  name: 255,
  version: 255,
  target: 255,
  application: 255,
  user: 255,
  description: 4_000,
  url: 2_048,
} as const;

/** Dates a deployment can have happened at: from the Unix epoch to a day from now (clock skew). */
const EARLIEST_DATE = Date.UTC(1970, 0, 1);
const DATE_SLACK_MS = 24 * 60 * 60 * 1000;

const PREVIEW = 60;

/** The value as a message may quote it: escaped, secrets in URLs masked, and cut if long. */
export function quoted(value: string): string {
  const text = escapeForLine(new Redactor().mask(value));
  return `"${text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text}"`;
}

/** Control characters (tab and newline included), invisible and bidi-override characters. */
const FORBIDDEN = new RegExp(`${UNPRINTABLE.source}|[\\t\\n]`);

function describeChar(char: string): string {
  return char === ' ' ? 'a space' : escapeForLine(char);
}

/** Why a single-line value is unusable, or undefined when it is fine. */
export function textProblem(value: string, max: number): string | undefined {
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const kind = /[\x00-\x1f\x7f-\x9f]/.test(bad[0])
      ? 'a control character'
      : 'an invisible or bidi-override character';
    return `contains ${kind} (${describeChar(bad[0])} at position ${bad.index + 1})`;
  }
  if (value.length > max) return `is ${value.length} characters long; the limit is ${max}`;
  return undefined;
}

/** Throws `<name> "<value>" <problem>` for a value outside the rules. */
export function checkText(value: string | undefined, name: string, max: number): void {
  if (value === undefined) return;
  const problem = textProblem(value, max);
  if (problem) throw new InvalidInputError(`${name} ${quoted(value)} ${problem}`);
}

/** A version is never a path: it becomes part of URLs and file names. */
export function versionProblem(version: string): string | undefined {
  if (/[/\\]/.test(version) || version === '.' || version === '..')
    return 'is path-like (a version has no "/", "\\" and is not "." or "..")';
  return undefined;
}

/** Names and groups may have `/`-separated segments (a universal group, a container repository), but no `.`/`..` ones. */
export function segmentsProblem(value: string): string | undefined {
  if (value.includes('\\') || value.split('/').some((s) => s === '.' || s === '..'))
    return 'is path-like (no "\\", and no "." or ".." segments)';
  return undefined;
}

/**
 * A URL as typed: no whitespace or control characters anywhere (a URL parser would quietly percent-encode
 * them and send the request somewhere else), at most 2,048 characters.
 */
export function checkUrlText(value: string, name: string): void {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const bad = /[\s\x00-\x1f\x7f-\x9f]/.exec(value) ?? FORBIDDEN.exec(value);
  if (bad) {
    // Not quoted: a URL may carry a credential in any form, and the position is enough to find the fault.
    throw new InvalidInputError(
      `${name} contains whitespace or a control character (${describeChar(bad[0])} at position ${bad.index + 1}); a URL has neither`,
    );
  }
  if (value.length > LIMITS.url)
    throw new InvalidInputError(`${name} is ${value.length} characters long; the limit is ${LIMITS.url}`);
}

/** An instant from the epoch to a day from now; later or earlier is a typo or a broken clock. */
export function checkDateRange(iso: string, name: string, now: Date): void {
  const time = Date.parse(iso);
  if (time < EARLIEST_DATE || time > now.getTime() + DATE_SLACK_MS) {
    throw new InvalidInputError(
      `${name} "${iso}" is out of range: a deployment date is from 1970-01-01 to one day from now`,
    );
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * ProGet's root URL: absolute http(s), no query, fragment or credentials (a key in the URL would end up in
 * logs; it is passed separately). A sub-path (`https://host/proget/`) is kept.
 */
export function checkServerUrl(value: string, name: string): void {
  checkUrlText(value, name);
  let base: URL;
  try {
    base = new URL(value.trim());
  } catch {
    throw new InvalidInputError(`${name} "${value}" is not a URL; use e.g. https://proget.example.com`);
  }
  if (base.search || base.hash || base.username || base.password) {
    // Checked first, and the value is not echoed: a key in the URL would end up in logs.
    throw new InvalidInputError(
      `${name} must be ProGet's root URL without a query string or credentials; pass the key separately`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidInputError(`${name} "${value}" must start with https:// or http://`);
  }
}
