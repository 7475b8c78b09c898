import type { Dispatcher } from 'undici';
import { RejectedError } from '../errors.js';
import { readLimited, type Exchange } from './pipeline.js';
import { proGetUrl } from './url.js';

/**
 * ProGet's SCA API (Builds & Projects, ProGet 2024+), as its docs (https://docs.inedo.com/docs/proget/api/sca)
 * and pgutil's ProGetClient (Inedo/pgutil, Inedo.ProGet/ProGetClient.cs) make the requests. Property names are
 * camelCase, as pgutil serialises them; answers are read whatever the case of their names, as ProGet's model
 * binding ignores case. Each function describes an exchange; the pipeline sends it.
 */

/** A build as the API names it: its project, and its number, which ProGet calls `version`. */
export interface BuildRef {
  project: string;
  version: string;
}

/** What the Create/Update Build answer tells (BuildInfo). */
export interface BuildInfo {
  /** The build's page in ProGet. */
  viewBuildUrl?: string;
}

/** ProGet's verdict on a build (BuildAnalysisResults), as promote-build and audit-build answer. */
export interface BuildAnalysis {
  lastAnalyzedDate?: string;
  /** `C` compliant, `W` warn, `N` noncompliant, `I` inconclusive. */
  statusCode?: string;
  statusText?: string;
  issueCount?: number;
  unresolvedIssueCount?: number;
  totalPackages?: number;
}

/** One issue of a build's analysis (BuildIssue): why a package made the build noncompliant or inconclusive. */
export interface BuildIssue {
  number: number;
  /** `L` license, `V` vulnerability (ProGet's earlier docs; pgutil's BuildIssue has no type). */
  type?: string;
  purl?: string;
  vulnerability?: string;
  /** ProGet's reason text (pgutil's BuildIssue.detail). */
  detail?: string;
  resolved: boolean;
}

/** A JSON answer's property, whatever the case of its name. */
function property(json: unknown, name: string): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  return Object.entries(json).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

export function textProperty(json: unknown, name: string): string | undefined {
  const value = property(json, name);
  return typeof value === 'string' && value ? value : undefined;
}

export function numberProperty(json: unknown, name: string): number | undefined {
  const value = property(json, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * ProGet's SCA answers are small JSON objects (a build, a verdict); an answer larger than this is none of
 * ProGet's, and is refused rather than held in memory whole.
 */
const ANSWER_LIMIT_BYTES = 1024 * 1024;

/** The answer as JSON; undefined when it is none (ProGet may answer some calls with no body). */
async function readJson(response: Dispatcher.ResponseData): Promise<unknown> {
  const { text, cut } = await readLimited(response.body, ANSWER_LIMIT_BYTES);
  if (cut) {
    throw new RejectedError(
      `the server answered ${response.statusCode} with more than 1 MiB, which no SCA answer of ProGet's is; it was not read`,
      { status: response.statusCode },
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/plain, */*' };
const ACCEPT = { accept: 'application/json, text/plain, */*' };

/** ProGet Basic's hourly limit on compliance API actions answers 429: an hour is no wait within a run. */
export const notRetriedWhenRateLimited = (error: { reason?: string }) => error.reason === 'rate-limited';

function json<T>(
  server: string,
  path: string,
  label: string,
  body: object,
  read: (json: unknown) => T,
): Exchange<T> {
  return {
    method: 'POST',
    url: proGetUrl(server, path),
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
    label,
    final: notRetriedWhenRateLimited,
    read: async (response) => read(await readJson(response)),
  };
}

function analysis(json: unknown): BuildAnalysis {
  const text = (name: string) => textProperty(json, name);
  const number = (name: string) => numberProperty(json, name);
  const result: BuildAnalysis = {
    lastAnalyzedDate: text('lastAnalyzedDate'),
    statusCode: text('statusCode'),
    statusText: text('statusText'),
    issueCount: number('issueCount'),
    unresolvedIssueCount: number('unresolvedIssueCount'),
    totalPackages: number('totalPackages'),
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as BuildAnalysis;
}

function issue(json: unknown): BuildIssue | undefined {
  const number = numberProperty(json, 'number');
  if (number === undefined) return undefined;
  const text = (name: string) => textProperty(json, name);
  const found: BuildIssue = {
    number,
    ...(text('type') ? { type: text('type') } : {}),
    ...(text('purl') ? { purl: text('purl') } : {}),
    ...(text('vulnerability') ? { vulnerability: text('vulnerability') } : {}),
    ...(text('detail') ? { detail: text('detail') } : {}),
    resolved: property(json, 'resolved') === true,
  };
  return found;
}

/** A query for promote-build and audit-build: the docs name the build `version`, pgutil sends `build`; both go. */
function buildQuery(url: URL, build: BuildRef, extra: Record<string, string> = {}): URL {
  url.search = new URLSearchParams({
    project: build.project,
    version: build.version,
    build: build.version,
    ...extra,
  }).toString();
  return url;
}

/** Create/Update Build: creates the build, or updates the URL of the one that exists. */
export function createOrUpdateBuild(server: string, build: BuildRef & { url?: string }): Exchange<BuildInfo> {
  return json(
    server,
    'api/sca/builds',
    'SCA build',
    { project: build.project, version: build.version, ...(build.url ? { url: build.url } : {}) },
    (answer) => {
      const viewBuildUrl = textProperty(answer, 'viewBuildUrl');
      return viewBuildUrl ? { viewBuildUrl } : {};
    },
  );
}

/** Get Build: one build, found by project and number (`GET /api/sca/builds?project=P&version=V`). */
export function getBuild(server: string, build: BuildRef): Exchange<BuildInfo> {
  const url = proGetUrl(server, 'api/sca/builds');
  url.search = new URLSearchParams({ project: build.project, version: build.version }).toString();
  return {
    method: 'GET',
    url,
    headers: ACCEPT,
    final: notRetriedWhenRateLimited,
    label: 'SCA build',
    read: async (response) => {
      const viewBuildUrl = textProperty(await readJson(response), 'viewBuildUrl');
      return viewBuildUrl ? { viewBuildUrl } : {};
    },
  };
}

/** Import SBOM: the document as the body; ProGet files it under the SBOM's own metadata.component name and version. */
export function importSbom(
  server: string,
  sbom: { contentType: string; body: string; shown: string },
): Exchange<void> {
  return {
    method: 'POST',
    url: proGetUrl(server, 'api/sca/import'),
    // text/xml is what pgutil sends; the docs name application/json for a JSON document.
    headers: { 'content-type': sbom.contentType, ...ACCEPT },
    body: sbom.body,
    shown: sbom.shown,
    final: notRetriedWhenRateLimited,
    label: 'SCA sbom',
    read: async (response) => void (await response.body.dump()),
  };
}

/** Promote Build: moves the build to a stage; ProGet analyses it and answers its verdict. */
export function promoteBuild(server: string, build: BuildRef, stage: string): Exchange<BuildAnalysis> {
  return {
    method: 'POST',
    // Parameters in the query, no content, as pgutil's PromoteBuildAsync sends it.
    url: buildQuery(proGetUrl(server, 'api/sca/promote-build'), build, { stage }),
    headers: ACCEPT,
    body: '',
    final: notRetriedWhenRateLimited,
    label: 'SCA promote',
    read: async (response) => analysis(await readJson(response)),
  };
}

/**
 * Audit Build: analyses the build where it stands and answers the verdict, changing nothing. The Audit Build
 * page and pgutil's AuditBuildAsync name the build `build`; `version` goes too, as for promote-build.
 */
export function auditBuild(server: string, build: BuildRef): Exchange<BuildAnalysis> {
  return {
    method: 'POST',
    url: buildQuery(proGetUrl(server, 'api/sca/audit-build'), build),
    headers: ACCEPT,
    body: '',
    final: notRetriedWhenRateLimited,
    label: 'SCA audit',
    read: async (response) => analysis(await readJson(response)),
  };
}

/** List Issues: the issues of a build's analysis (https://docs.inedo.com/docs/proget/api/sca/issues/list). */
export function listBuildIssues(server: string, build: BuildRef): Exchange<BuildIssue[]> {
  const url = proGetUrl(server, 'api/sca/issues');
  url.search = new URLSearchParams({ project: build.project, version: build.version }).toString();
  return {
    method: 'GET',
    url,
    headers: ACCEPT,
    final: notRetriedWhenRateLimited,
    label: 'SCA issues',
    read: async (response) => {
      const answer = await readJson(response);
      return Array.isArray(answer) ? answer.flatMap((item) => issue(item) ?? []) : [];
    },
  };
}

/** Add a comment to a build. */
export function commentOnBuild(
  server: string,
  build: BuildRef,
  comment: { comment: string; by?: string },
): Exchange<void> {
  return json(
    server,
    'api/sca/comments',
    'SCA comment',
    {
      project: build.project,
      version: build.version,
      comment: comment.comment,
      ...(comment.by ? { by: comment.by } : {}),
    },
    () => undefined,
  );
}
