/**
 * Where a JSON text first nests deeper than `maxDepth` arrays and objects: the index of the `[` or `{` that
 * goes one level too deep, or undefined when it never does. One pass, without recursion or allocation, so it
 * is safe to run on any input BEFORE JSON.parse and any recursive walk of its result (which is where a deep
 * document overflows the stack). Strings are skipped whole, escapes included, so a `[` inside one is not
 * counted; the text need not be valid JSON (JSON.parse says what else is wrong with it).
 */
export function jsonTooDeepAt(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = stringEnd(text, i);
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opened at `open` (the end of the text if none does). */
function stringEnd(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return text.length;
    // A quote is escaped by an odd run of backslashes right before it (`\"`, not `\\"`). Each run is counted
    // once, by the quote that follows it, so the whole scan stays linear.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c /* \ */) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}

/** `line 3, column 17` (both from 1) for an index into a text, for messages about where something is. */
export function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}
