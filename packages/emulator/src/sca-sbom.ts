// What the emulator reads from an imported CycloneDX SBOM: the project and build it is filed under
// (metadata.component name and version, where pgutil's `builds scan` puts them) and its components.
// Deliberately simple — it checks the document is CycloneDX and keeps the components; it is not a validator.
import type { ScaPackage } from './sca-store.js';

export interface ImportedSbom {
  project?: string;
  version?: string;
  packages: ScaPackage[];
}

interface JsonComponent {
  group?: unknown;
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  components?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function jsonPackages(list: unknown): ScaPackage[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: JsonComponent) => {
    const name = str(item?.name);
    const own: ScaPackage[] = name
      ? [
          {
            name,
            ...(str(item.group) ? { group: str(item.group) } : {}),
            ...(str(item.version) ? { version: str(item.version) } : {}),
            ...(str(item.purl) ? { purl: str(item.purl) } : {}),
          },
        ]
      : [];
    return [...own, ...jsonPackages(item?.components)];
  });
}

function parseJsonSbom(text: string): ImportedSbom | string {
  let bom: { bomFormat?: unknown; metadata?: { component?: JsonComponent }; components?: unknown };
  try {
    bom = JSON.parse(text) as typeof bom;
  } catch (error) {
    return `The SBOM document is not valid JSON: ${(error as Error).message}`;
  }
  if (bom?.bomFormat !== 'CycloneDX') return 'The SBOM document is not a CycloneDX document.';
  return {
    project: str(bom.metadata?.component?.name),
    version: str(bom.metadata?.component?.version),
    packages: jsonPackages(bom.components),
  };
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(
    `<(?:\\w+:)?${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</(?:\\w+:)?${name}>`,
  ).exec(xml);
  const value = match?.[1] ?? (match?.[2] === undefined ? undefined : unescape(match[2]));
  return value?.trim() || undefined;
}

function parseXmlSbom(text: string): ImportedSbom | string {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  if (!/<(?:\w+:)?bom\b[^>]*xmlns(?::\w+)?="http:\/\/cyclonedx\.org\/schema\/bom\//.test(xml)) {
    return 'The SBOM document is not a CycloneDX document.';
  }
  // The metadata's own component, without the tools and organisations that also carry a <name>.
  const metadata = /<(?:\w+:)?metadata>([\s\S]*?)<\/(?:\w+:)?metadata>/.exec(xml)?.[1] ?? '';
  const component = (
    /<(?:\w+:)?component\b[^>]*>([\s\S]*?)<\/(?:\w+:)?component>/.exec(metadata)?.[1] ?? ''
  ).replace(
    /<(?:\w+:)?(supplier|author|publisher|manufacturer|licenses|hashes)\b[\s\S]*?<\/(?:\w+:)?\1>/g,
    '',
  );
  const body = xml.replace(/<(?:\w+:)?metadata>[\s\S]*?<\/(?:\w+:)?metadata>/, '');
  const packages: ScaPackage[] = [];
  for (const match of body.matchAll(
    /<(?:\w+:)?component\b[^>]*>([\s\S]*?)(?=<(?:\w+:)?component\b|<\/(?:\w+:)?components>)/g,
  )) {
    const part = match[1]!.replace(
      /<(?:\w+:)?(supplier|author|publisher|licenses|hashes)\b[\s\S]*?<\/(?:\w+:)?\1>/g,
      '',
    );
    const name = element(part, 'name');
    if (!name) continue;
    const group = element(part, 'group');
    const version = element(part, 'version');
    const purl = element(part, 'purl');
    packages.push({
      name,
      ...(group ? { group } : {}),
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
    });
  }
  return { project: element(component, 'name'), version: element(component, 'version'), packages };
}

/** The imported document, or the text of a 400 (ProGet: "the submitted SBOM document was not valid"). */
export function parseSbom(contentType: string, body: string): ImportedSbom | string {
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) return parseJsonSbom(body);
  if (media === 'text/xml' || media === 'application/xml' || media.endsWith('+xml'))
    return parseXmlSbom(body);
  // The import page: "the Content-Type header should either be text/xml (XML) or application/json (JSON)".
  return `Unsupported Content-Type "${contentType}": send text/xml or application/json.`;
}
