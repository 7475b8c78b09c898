import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { scanCycloneDxXml } from './cyclonedx-xml.js';

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

/** Far above any real SBOM; a larger file is more likely the wrong file than a bill of materials. */
const MAX_SBOM_BYTES = 64 * 1024 * 1024;

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
    facts = scanCycloneDxXml(body);
  } catch (error) {
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

/** Reads and checks the file; every problem is one InvalidInputError naming the input and the file. */
export function readSbom(file: string, inputName: string, workingDirectory: string): SbomDocument {
  const path = resolvePath(workingDirectory, file);
  const fail = (why: string): never => {
    throw new InvalidInputError(`${inputName} "${file}" is not a CycloneDX SBOM: ${why}`);
  };
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) fail(`it is a directory (${path}), not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`${inputName} "${file}" cannot be read: no such file (looked at ${path})`);
  }
  if (size > MAX_SBOM_BYTES)
    fail(`it is ${size} bytes, more than the ${MAX_SBOM_BYTES} an SBOM import takes here`);
  // A UTF-8 byte order mark is legal in both formats and would break JSON.parse.
  const body = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  const parsed =
    first === '{'
      ? parseJson(body, fail)
      : first === '<'
        ? parseXml(body, fail)
        : fail('it is neither JSON nor XML');
  return { path, body, ...parsed };
}
