/**
 * Terminal output never carries raw control characters from a user's input or a server's answer: an ESC
 * sequence can rewrite what a log shows, a CR can hide a line, and bidi overrides or zero-width characters
 * make text read differently from what it is (CVE-2021-42574, "Trojan Source"). They are shown escaped.
 */

/**
 * C0 controls except tab and newline (multi-line tables keep their shape), DEL and C1 controls, bidi
 * embeddings, overrides and isolates, zero-width and other invisible formatting characters, line/paragraph
 * separators and the BOM.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
export const UNPRINTABLE =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
/* eslint-enable no-control-regex */

const ANY_UNPRINTABLE = new RegExp(UNPRINTABLE.source);

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every unprintable character written as `\xNN` or `\uNNNN` (a CR LF line end is kept as LF). */
export function escapeUnprintable(text: string): string {
  // Searched once, then left as it is when there is nothing to escape (most text).
  if (!ANY_UNPRINTABLE.test(text)) return text;
  return text.replace(/\r\n/g, '\n').replace(UNPRINTABLE, escapeOne);
}

/** The same, and newlines and tabs too: for a value quoted inside a one-line message. */
export function escapeForLine(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne).replace(/[\n\t]/g, escapeOne);
}
