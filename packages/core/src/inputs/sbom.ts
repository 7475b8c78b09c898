import { resolve as resolvePath } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { jsonTooDeepAt, lineAndColumn } from '../files/json-depth.js';
import { SBOM_MAX_BYTES } from '../files/limits.js';
import {
  decodeText,
  readBoundedFile,
  type DecodedText,
  type TextEncodingName,
} from '../files/read-bounded.js';
import { scanCycloneDxXml, XmlTooDeepError } from './cyclonedx-xml.js';

/**
 * A CycloneDX SBOM to import into the SCA build, read and checked before any request is sent.
 *
 * ProGet's "Import SBOM" endpoint (https://docs.inedo.com/docs/proget/reference-api/proget-api-sca/sbom/proget-api-sca-sbom-import)
 * takes the document as the body, `Content-Type: text/xml` or `application/json`, and files it under a
 * project name and version. The request has no other parameters: the name and version are the SBOM's own
 * `metadata.component` — pgutil's `builds scan` writes the project and build there and nowhere else before
 * it posts to `api/sca/import` (Inedo/pgutil, Inedo.ProGet/Scan/BomWriter.cs and ProGetClient.PublishSbomAsync).
 */
export interface SbomDocument {
  /** Absolute path, for messages. */
  path: string;
  format: 'json' | 'xml';
  contentType: 'application/json' | 'text/xml';
  body: string;
  /** `metadata.component` name and version: the project and build ProGet files the import under. */
  project?: string;
  build?: string;
  components: number;
}

/**
 * How deep arrays and objects (JSON) or elements (XML) may nest. A CycloneDX document nests about ten levels
 * (bom, components, a component, its sub-components, their properties…), and each component nested inside
 * another adds two; 256 still takes assemblies nested over a hundred components deep, far beyond any real
 * SBOM, while a document thousands of levels deep (which overflowed the stack at 5,000 and took the XML
 * scanner 25 s at 45,000) is refused in one linear pass, before anything recursive looks at it.
 */
const MAX_NESTING = 256;

const CYCLONEDX_XML_NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/\d/;

interface JsonComponent {
  components?: unknown;
}

function countJsonComponents(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  return list.reduce<number>(
    (sum, item) => sum + 1 + countJsonComponents((item as JsonComponent | null)?.components),
    0,
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function parseJson(body: string, fail: (why: string) => never): Omit<SbomDocument, 'path' | 'body'> {
  const tooDeep = jsonTooDeepAt(body, MAX_NESTING);
  if (tooDeep !== undefined)
    fail(`it nests more than ${MAX_NESTING} levels of arrays and objects (${lineAndColumn(body, tooDeep)})`);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    fail(`it is not valid JSON (${(error as Error).message})`);
  }
  const bom = document as {
    bomFormat?: unknown;
    specVersion?: unknown;
    metadata?: { component?: { name?: unknown; version?: unknown } };
    components?: unknown;
  } | null;
  // bomFormat "CycloneDX" and a specVersion are what the CycloneDX JSON schema requires of every document.
  if (!bom || typeof bom !== 'object' || bom.bomFormat !== 'CycloneDX' || !text(bom.specVersion)) {
    fail(
      'it is JSON but not CycloneDX (no "bomFormat": "CycloneDX" with a "specVersion"); SPDX is not supported',
    );
  }
  return {
    format: 'json',
    contentType: 'application/json',
    project: text(bom.metadata?.component?.name),
    build: text(bom.metadata?.component?.version),
    components: countJsonComponents(bom.components),
  };
}

function parseXml(body: string, fail: (why: string) => never): Omit<SbomDocument, 'path' | 'body'> {
  let facts;
  try {
    facts = scanCycloneDxXml(body, MAX_NESTING);
  } catch (error) {
    if (error instanceof XmlTooDeepError)
      fail(`it nests more than ${MAX_NESTING} levels of elements (${lineAndColumn(body, error.index)})`);
    fail(`it is not well-formed XML (${(error as Error).message})`);
  }
  if (facts.rootName !== 'bom' || !CYCLONEDX_XML_NAMESPACE.test(facts.namespace ?? '')) {
    fail('it is XML but not CycloneDX (the root must be <bom xmlns="http://cyclonedx.org/schema/bom/…">)');
  }
  return {
    format: 'xml',
    contentType: 'text/xml',
    project: facts.metadataName,
    build: facts.metadataVersion,
    components: facts.components,
  };
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="UTF-16"?>`), with what precedes it. */
const XML_ENCODING = /^(<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])([^"']*)\2/;

/**
 * The XML document as it is sent: always UTF-8 (see readSbom), so its declaration must not say otherwise. A
 * UTF-16 file's `encoding="UTF-16"` becomes `encoding="UTF-8"`, since the text is re-encoded; a declaration
 * the bytes contradict (UTF-16 in a file without a UTF-16 byte order mark) is refused, as ProGet's parser
 * would refuse it; and a legacy 8-bit encoding (ISO-8859-1, windows-1252…) is sent unchanged only when the
 * text is plain ASCII, which reads the same in it and in UTF-8; otherwise which characters were meant is a
 * guess, and the file is refused rather than silently re-encoded.
 */
function asSentXml(body: string, read: TextEncodingName, fail: (why: string) => never): string {
  const declared = XML_ENCODING.exec(body)?.[3];
  if (declared === undefined || /^utf-8$/i.test(declared)) return body;
  if (/^utf-16(le|be)?$/i.test(declared)) {
    if (read === 'UTF-8') fail(`it declares encoding="${declared}" but is not UTF-16 with a byte order mark`);
    return body.replace(XML_ENCODING, '$1$2UTF-8$2');
  }
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(body)) return body;
  return fail(
    `it declares encoding="${declared}" and holds non-ASCII text; only UTF-8 and UTF-16 are read: save it as UTF-8`,
  );
}

/**
 * The SBOM as text; when it is not UTF-8 because it is XML in the legacy encoding its declaration names
 * (ISO-8859-1, windows-1252…), the message says so, which is the fix. The bytes live only in this frame: up
 * to 64 MiB of them would otherwise stay reachable while the text is parsed.
 */
function readText(path: string, shown: { input: string; shownPath: string }): DecodedText {
  const bytes = readBoundedFile(path, { ...shown, maxBytes: SBOM_MAX_BYTES });
  try {
    return decodeText(bytes, shown);
  } catch (error) {
    const declared = XML_ENCODING.exec(bytes.subarray(0, 200).toString('latin1'))?.[3];
    if (!declared || /^utf-(8|16(le|be)?)$/i.test(declared)) throw error;
    throw new InvalidInputError(
      `${(error as Error).message}: it declares encoding="${declared}", but only UTF-8 and UTF-16 are read: save it as UTF-8`,
    );
  }
}

/**
 * Reads and checks the file; every problem is one InvalidInputError naming the input and the file. The file
 * may be UTF-8 (with or without a byte order mark) or UTF-16 with one; the body is the text without its mark,
 * which undici sends as UTF-8. The media types stay exactly what ProGet documents and pgutil sends, with no
 * charset parameter: JSON is UTF-8 by definition (RFC 8259 §8.1), and `text/xml` without one leaves the
 * encoding to the document (RFC 7303 §3.2), which asSentXml keeps saying UTF-8 (or nothing, meaning UTF-8).
 */
export function readSbom(file: string, inputName: string, workingDirectory: string): SbomDocument {
  const path = resolvePath(workingDirectory, file);
  const fail = (why: string): never => {
    throw new InvalidInputError(`${inputName} "${file}" is not a CycloneDX SBOM: ${why}`);
  };
  const { text, encoding } = readText(path, { input: inputName, shownPath: file });
  const first = text.trimStart()[0];
  if (first === '{') return { path, body: text, ...parseJson(text, fail) };
  if (first !== '<') fail('it is neither JSON nor XML');
  const body = asSentXml(text, encoding, fail);
  return { path, body, ...parseXml(body, fail) };
}
