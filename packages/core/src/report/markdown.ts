/**
 * Summaries are Markdown that GitHub and Azure render as HTML. Every value in them came from somewhere (an
 * input, ProGet's answer, an SBOM) and is written as text, never as markup: HTML is escaped as entities and
 * the Markdown punctuation that could make markup with backslashes (CommonMark): brackets (no link can
 * start), pipes (no cell can end), code and emphasis marks. `<img onerror=…>` or `[x](javascript:…)` shows as
 * typed. Links are made only here, only to http(s) URLs.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** A value as Markdown text: one line, no markup, safe in a table cell. */
export function md(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[&<>]/g, (c) => HTML[c]!)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** A URL as a link target: http(s) only, with the characters that would end or break the link encoded. */
function linkTarget(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(
    /[()<> "'\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * `[text](url)`, or the text alone (with the URL as plain text) when the URL is not http(s) or, for a link a
 * server sent us, not on the ProGet server's origin: a hostile answer cannot send a reader elsewhere.
 */
export function mdLink(text: string, url: string, options: { onOrigin?: string } = {}): string {
  const target = linkTarget(url);
  const allowed =
    target && (!options.onOrigin || new URL(target).origin === new URL(options.onOrigin).origin);
  return allowed ? `[${md(text)}](${target})` : `${md(text)} (${md(url)})`;
}
