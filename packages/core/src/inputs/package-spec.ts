import { InvalidInputError } from '../errors.js';
import { GITHUB_INPUT_NAMES, type InputNames } from './names.js';
import { LIMITS, quoted, segmentsProblem, textProblem, versionProblem } from './validation.js';

const names = (defaults: SpecDefaults) => defaults.names ?? GITHUB_INPUT_NAMES;

/** One package a deployment record is about, parsed from one line of the `package` input. */
export interface PackageSpec {
  name: string;
  version: string;
  group?: string;
  /** The Package URL type (`npm`, `nuget`, `maven`…) when the line was a purl; tells a download its feed type. */
  purlType?: string;
  /** The line as the user wrote it, and where, for messages. */
  source: { line: number; text: string };
}

export interface SpecDefaults {
  version?: string;
  group?: string;
  /** The inputs as the platform spells them (`package`, `--package`…), for messages; GitHub's by default. */
  names?: Pick<InputNames, 'package' | 'version'>;
}

interface ParsedLine {
  name: string;
  version?: string;
  group?: string;
  purlType?: string;
  /** A Package URL's name or namespace segment whose percent-decoding holds a "/" (`a%2Fb`), and which. */
  slashInSegment?: { what: string; value: string };
}

const WHITESPACE = /\s/;

/** A bad spec line; parsePackageSpecs names the input it came from, as the platform spells it. */
class SpecLineError extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    readonly why: string,
  ) {
    super(why);
  }
}

function fail(line: number, text: string, why: string): never {
  throw new SpecLineError(line, text, why);
}

/** Room for a group, a name and a version at their limits, and a Package URL's qualifiers. */
const LINE_LIMIT = 2_048;

/**
 * The same rules as every other value, applied to each part after a Package URL's percent-decoding, so
 * `a%0D%0AX-Evil:1` is as invalid as a raw CR LF would be.
 */
function checkParts(
  line: number,
  text: string,
  parts: { name: string; version: string; group?: string },
): void {
  const checks: Array<[string, string | undefined, number]> = [
    ['name', parts.name, LIMITS.name],
    ['version', parts.version, LIMITS.version],
    ['group', parts.group, LIMITS.group],
  ];
  for (const [what, value, max] of checks) {
    if (value === undefined) continue;
    const problem =
      textProblem(value, max) ??
      (WHITESPACE.test(value) ? 'contains whitespace' : undefined) ??
      (what === 'version' ? versionProblem(value) : segmentsProblem(value));
    if (problem) fail(line, text, `the ${what} ${quoted(value)} ${problem}`);
  }
}

/** Splits `x@version` at the last `@` that is not the leading one of an npm scope. */
function splitVersion(text: string): { head: string; version?: string } {
  const at = text.lastIndexOf('@');
  if (at <= 0) return { head: text };
  return { head: text.slice(0, at), version: text.slice(at + 1) };
}

function decode(part: string, line: number, text: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(line, text, `"${part}" is not valid percent-encoding`);
  }
}

/**
 * `pkg:type/namespace/name@version?qualifiers#subpath`. Qualifiers and subpath say nothing ProGet records.
 * The namespace becomes the group the way each feed type groups packages
 * (https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst).
 */
function parsePurl(text: string, line: number): ParsedLine {
  const rest = text.slice('pkg:'.length).replace(/^\/+/, '').split('#')[0]!.split('?')[0]!;
  const { head, version } = splitVersion(rest);
  const segments = head.split('/').filter((s) => s.length > 0);
  if (segments.length < 2) fail(line, text, 'a Package URL needs a type and a name: pkg:type/name@version');
  const type = segments[0]!.toLowerCase();
  const name = decode(segments[segments.length - 1]!, line, text);
  const namespaceSegments = segments.slice(1, -1).map((s) => decode(s, line, text));
  const namespace = namespaceSegments.join('/');
  const decodedVersion = version === undefined ? undefined : decode(version, line, text);
  // A segment is one segment: a decoded "/" would silently move the line between group and name (`a%2Fb` is
  // not `a/b`), or reach a URL or a file name as a path. The version's "/" is refused as path-like already.
  const slashed = namespaceSegments.find((s) => s.includes('/'));
  const slashInSegment = name.includes('/')
    ? { what: 'name', value: name }
    : slashed !== undefined
      ? { what: 'namespace segment', value: slashed }
      : undefined;
  return {
    ...purlParts(type, name, namespace, decodedVersion),
    ...(slashInSegment ? { slashInSegment } : {}),
  };
}

/** A Package URL's parts as ProGet names them, by type. */
function purlParts(
  type: string,
  name: string,
  namespace: string,
  decodedVersion: string | undefined,
): ParsedLine {
  switch (type) {
    case 'npm':
      // The purl spec percent-encodes the scope's `@`; ProGet's npm group is the scope with its `@`.
      return {
        name,
        version: decodedVersion,
        purlType: type,
        group: namespace ? `@${namespace.replace(/^@/, '')}` : undefined,
      };
    case 'docker':
    case 'oci':
      // A container image's "name" in ProGet is the whole repository path.
      return { name: namespace ? `${namespace}/${name}` : name, version: decodedVersion, purlType: type };
    case 'deb':
      // The purl namespace is the distro vendor; ProGet's Debian group is the component, so it comes from `group`.
      return { name, version: decodedVersion, purlType: type };
    default:
      return { name, version: decodedVersion, purlType: type, group: namespace || undefined };
  }
}

function parsePlain(text: string, line: number): ParsedLine {
  const { head, version } = splitVersion(text);
  if (head.startsWith('@')) {
    const slash = head.indexOf('/');
    if (slash < 2 || slash === head.length - 1)
      fail(line, text, 'an npm scope needs a name: @scope/name@version');
    return { group: head.slice(0, slash), name: head.slice(slash + 1), version };
  }
  if (!head.includes('/') && head.includes(':')) {
    const [groupId, artifactId, ...extra] = head.split(':');
    if (!groupId || !artifactId || extra.length > 0)
      fail(line, text, 'a Maven package is groupId:artifactId@version');
    return { group: groupId, name: artifactId, version };
  }
  const slash = head.lastIndexOf('/');
  if (slash === -1) return { name: head, version };
  return { group: head.slice(0, slash), name: head.slice(slash + 1), version };
}

function parseLine(text: string, line: number, defaults: SpecDefaults): PackageSpec {
  // The whole line too: a Package URL's qualifiers are dropped, but never with a control character in them.
  const lineProblem = textProblem(text, LINE_LIMIT);
  if (lineProblem) fail(line, text, `the line ${lineProblem}`);
  if (WHITESPACE.test(text)) fail(line, text, 'a package spec has no spaces; put one package per line');
  const parsed = /^pkg:/i.test(text) ? parsePurl(text, line) : parsePlain(text, line);
  if (parsed.version === '') fail(line, text, 'nothing after "@"; write name@version');
  // The version is split off at the last `@`, so a second `@version` is left in the name.
  if (parsed.version?.includes('@') || parsed.name.includes('@'))
    fail(line, text, 'more than one "@version"');
  const version = parsed.version ?? defaults.version?.trim();
  if (!version) fail(line, text, `no version; write name@version or set ${names(defaults).version}`);
  if (!parsed.name) fail(line, text, 'no package name');
  if (parsed.group !== undefined && (parsed.group === '' || parsed.group.split('/').some((s) => s === ''))) {
    fail(line, text, 'the group has an empty segment');
  }
  const group = parsed.group ?? (defaults.group?.trim() || undefined);
  checkParts(line, text, { name: parsed.name, version, group });
  const slash = parsed.slashInSegment;
  if (slash) {
    fail(
      line,
      text,
      `the ${slash.what} ${quoted(slash.value)} has a "/" written as %2F, which a Package URL segment cannot hold`,
    );
  }
  return {
    name: parsed.name,
    version,
    ...(group ? { group } : {}),
    ...(parsed.purlType ? { purlType: parsed.purlType } : {}),
    source: { line, text },
  };
}

/**
 * Parses the `package` input: one spec per line (a list of lines is the same), blank lines and `#` comments
 * skipped. The first bad line fails the whole run before anything is sent, and the message quotes it.
 */
export function parsePackageSpecs(
  input: string | readonly string[],
  defaults: SpecDefaults = {},
): PackageSpec[] {
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input.flatMap((s) => s.split(/\r?\n/));
  const specs: PackageSpec[] = [];
  const { package: inputName } = names(defaults);
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    try {
      specs.push(parseLine(text, index + 1, defaults));
    } catch (error) {
      if (!(error instanceof SpecLineError)) throw error;
      throw new InvalidInputError(`${inputName} line ${error.line} ${quoted(error.text)}: ${error.why}`);
    }
  });
  if (specs.length === 0)
    throw new InvalidInputError(`no package given: set ${inputName} to one name@version per line`);
  return specs;
}
