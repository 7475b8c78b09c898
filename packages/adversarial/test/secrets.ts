// The secret scan every adversarial run ends with, and the suite's figures.
import type { Outcome } from './front-ends';

/** Random-looking, so that any 6 characters of it found in the output are a leak, not a coincidence. */
export const KEY = 'Zq7XkP9wLm3VtR8yBn2Hc4Jd';

/** A second secret, for credentials a user pasted into a URL. */
export const URL_SECRET = 'Wv5NgT1sQe8LdK0rYh6Mb3Fp';

/** Every form a secret travels in: as typed, URL-encoded, and as basic auth's base64 of `api:SECRET`. */
const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(`api:${secret}`).toString('base64'),
];
const FRAGMENT = 6;

/** Every run of FRAGMENT characters of every form of the secrets. */
const fragments = (secrets: string[]) =>
  secrets
    .flatMap(forms)
    .flatMap((form) =>
      Array.from({ length: form.length - FRAGMENT + 1 }, (_, i) => form.slice(i, i + FRAGMENT)),
    );

/** The leaks in a text: fragments of 6 characters or more of a secret found in it. */
export function leaksIn(text: string, secrets = [KEY]): string[] {
  return fragments(secrets).filter((fragment) => text.includes(fragment));
}

export function expectNoSecret(outcome: Outcome, secrets = [KEY]): void {
  const leaks = leaksIn(outcome.written, secrets);
  tally.scanned(outcome.bytes, leaks.length);
  expect({ frontEnd: outcome.frontEnd, leaks }).toEqual({ frontEnd: outcome.frontEnd, leaks: [] });
}

/**
 * Terminal output never carries a raw control character from input or a server: only tab, LF (and the CR of
 * a CR LF line end) may appear in anything written.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

export function expectNoRawControls(outcome: Outcome): void {
  const found = RAW_CONTROL.exec(outcome.written);
  expect({
    frontEnd: outcome.frontEnd,
    raw: found && JSON.stringify(outcome.written.slice(Math.max(0, found.index - 40), found.index + 10)),
  }).toEqual({
    frontEnd: outcome.frontEnd,
    raw: null,
  });
}

/** The figures a file prints once all its runs are done (the suite's report). */
class Tally {
  runs = 0;
  rejected = 0;
  requests = 0;
  bytes = 0;
  leaks = 0;
  slowest = 0;

  run(outcome: Outcome, counts: { rejected?: boolean; requests?: number } = {}): void {
    this.runs += 1;
    if (counts.rejected) this.rejected += 1;
    this.requests += counts.requests ?? 0;
    this.slowest = Math.max(this.slowest, outcome.ms);
  }

  scanned(bytes: number, leaks: number): void {
    this.bytes += bytes;
    this.leaks += leaks;
  }

  print(title: string): void {
    const rejected = this.rejected
      ? `, ${this.rejected} rejected cleanly, ${this.requests} requests sent`
      : '';
    process.stdout.write(
      `\n[adversarial] ${title}: ${this.runs} runs${rejected}, ${this.bytes} bytes scanned, ${this.leaks} leaks, slowest run ${this.slowest} ms\n`,
    );
  }
}

export const tally = new Tally();
