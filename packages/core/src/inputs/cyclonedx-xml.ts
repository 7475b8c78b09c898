/**
 * Just enough of XML to recognise a CycloneDX document before it is sent: the root element and its namespace,
 * the name and version of `metadata/component` (the project and build ProGet files an import under), and how
 * many components it lists. Not a general parser: no DTDs, no entity definitions (an SBOM has neither).
 */
export interface CycloneDxXmlFacts {
  rootName: string;
  namespace?: string;
  metadataName?: string;
  metadataVersion?: string;
  components: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Elements nest deeper than the caller allows; `index` is where the element one level too deep starts. */
export class XmlTooDeepError extends Error {
  readonly index: number;

  constructor(index: number) {
    super(`elements nested too deep at offset ${index}`);
    this.index = index;
  }
}

/**
 * `name` or `version` when the open elements are exactly bom/metadata/component/name (or …/version): four
 * entries of the stack compared in constant time, never the whole stack joined into a path on every token,
 * which made a deep document quadratic (45,000 levels took 25 s).
 */
function metadataField(stack: readonly string[]): string | undefined {
  if (stack.length !== 4 || stack[0] !== 'bom' || stack[1] !== 'metadata' || stack[2] !== 'component')
    return undefined;
  return stack[3];
}

/**
 * Throws an Error saying where the XML stops being well-formed, or an XmlTooDeepError when elements nest more
 * than `maxDepth` levels. One pass, linear in the text, whatever its depth.
 */
export function scanCycloneDxXml(xml: string, maxDepth = Infinity): CycloneDxXmlFacts {
  const stack: string[] = [];
  const facts: CycloneDxXmlFacts = { rootName: '', components: 0 };
  let name = '';
  let version = '';
  for (const match of xml.matchAll(TOKEN)) {
    const [, cdata, closing, qualified, attributes, selfClosing, text, stray] = match;
    if (stray !== undefined) throw new Error(`a "<" that starts no tag at offset ${match.index}`);
    if (text !== undefined || cdata !== undefined) {
      const value = cdata ?? decode(text!);
      const field = metadataField(stack);
      if (stack.length === 0) {
        if (value.trim()) throw new Error('text outside the root element');
      } else if (field === 'name') name += value;
      else if (field === 'version') version += value;
      continue;
    }
    if (qualified === undefined) continue; // a comment, processing instruction or doctype
    const local = localName(qualified);
    if (closing) {
      if (stack.pop() !== local) throw new Error(`</${qualified}> closes an element it did not open`);
      continue;
    }
    if (stack.length === 0) {
      if (facts.rootName) throw new Error('a second root element');
      facts.rootName = local;
      const prefix = qualified.includes(':') ? qualified.slice(0, qualified.indexOf(':')) : '';
      for (const [, attr, double, single] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        if (attr === (prefix ? `xmlns:${prefix}` : 'xmlns')) facts.namespace = double ?? single;
      }
    }
    if (local === 'component' && stack.at(-1) === 'components') facts.components += 1;
    if (selfClosing) continue;
    if (stack.length >= maxDepth) throw new XmlTooDeepError(match.index);
    stack.push(local);
  }
  if (!facts.rootName) throw new Error('no root element');
  if (stack.length > 0) throw new Error(`<${stack.at(-1)}> is never closed`);
  if (name.trim()) facts.metadataName = name.trim();
  if (version.trim()) facts.metadataVersion = version.trim();
  return facts;
}
