// /api/sca/* — ProGet's SCA API (ProGet 2024+, https://docs.inedo.com/docs/proget/api/sca): builds,
// promotion to a stage, audit, issues, comments, SBOM import, projects. What no ProGet document states, and
// the emulator therefore guesses, is marked GUESS below and listed in the README and docs/sca.md:
// - GUESS: POST /api/sca/builds for a project that does not exist answers 404 (the docs list 404 for an
//   unknown project or build only on promote-build), rather than creating the project.
// - GUESS: an unknown stage on promote-build answers 400 with a text naming it (the docs: 400 "invalid or
//   missing properties").
// - GUESS: project and stage names match without regard to case.
// - GUESS: promote-build and audit-build take the build number as `version` or `build` (the Promote Build page
//   says version, the Audit Build page and pgutil say build); when both are given they must agree.
// - GUESS: a promotion moves the build whatever its verdict: ProGet answers 200 with the analysis, and it is
//   pgutil that fails on a noncompliant one.
// - GUESS: a key that is valid for feeds but not for SCA gets 403 with the documented permissions text; the
//   docs say feed API keys are "not usable" but not what the answer is.
// - GUESS: the texts of 400 and 404 answers; ProGet's own wording is not documented.
// - GUESS: on ProGet Free every /api/sca/ call answers 500 (edition.ts); on ProGet Basic the eleventh
//   promote-build or audit-build in an hour answers 429.
import { API_KEY_PLACES, findCredential, FORBIDDEN_TEXT } from './auth.js';
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange, HandlerContext } from './exchange.js';
import { freeEditionText, RATE_LIMIT_TEXT, type EditionController } from './edition.js';
import { analysisResults } from './sca-analysis.js';
import { parseSbom } from './sca-sbom.js';
import { buildInfo, type ScaBuild, type ScaProject, type ScaStore } from './sca-store.js';

export const SCA_API_PREFIX = '/api/sca/';

const MAX_BODY = 64 * 1024 * 1024;

/** A property of a JSON body whatever the case of its name: ProGet's model binding ignores case. */
function prop(body: Record<string, unknown>, name: string): unknown {
  return Object.entries(body).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The SCA API's keys (docs, "Authenticating to SCA Repository API"): system keys with "Manage Builds &
 * Projects", personal keys whose user has Projects_Manage; feed API keys are not usable. Answers and returns
 * false when the request may not proceed.
 */
function authorizeSca(ex: Exchange, ctx: HandlerContext, store: ScaStore): boolean {
  if (store.apiKeys.length === 0) return ctx.authenticate(ex) !== undefined;
  const credential = findCredential(ex.req, ex.url.searchParams, API_KEY_PLACES);
  if (!credential) return ctx.authenticate(ex) !== undefined; // anonymous: as the rest of the emulator
  if (credential.key !== undefined && store.apiKeys.includes(credential.key)) return true;
  sendText(ex, 403, FORBIDDEN_TEXT);
  return false;
}

async function jsonBody(ex: Exchange): Promise<Record<string, unknown> | undefined> {
  const raw = (await readBody(ex.req, MAX_BODY)).toString('utf8');
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendText(ex, 400, 'The request body must be a JSON object.');
  return undefined;
}

function origin(ex: Exchange): string {
  return `http://${ex.req.headers.host ?? 'localhost'}`;
}

const ROUTES: Record<string, string[]> = {
  builds: ['GET', 'POST'],
  projects: ['GET', 'POST'],
  'promote-build': ['POST'],
  'audit-build': ['POST'],
  issues: ['GET', 'POST', 'DELETE'],
  comments: ['POST'],
  import: ['POST'],
};

export async function handleScaApi(
  ex: Exchange,
  ctx: HandlerContext,
  store: ScaStore,
  edition: EditionController,
): Promise<void> {
  const route = ex.url.pathname.slice(SCA_API_PREFIX.length);
  const method = ex.req.method ?? '';
  const allowed = Object.hasOwn(ROUTES, route) ? ROUTES[route]! : undefined;
  if (!allowed) return sendText(ex, 404, 'Not Found');
  if (!allowed.includes(method)) return methodNotAllowed(ex, allowed);
  if (!authorizeSca(ex, ctx, store)) return;
  if (edition.edition === 'free') return sendText(ex, 500, freeEditionText('SCA (Projects & Builds)'));
  try {
    switch (route) {
      case 'builds':
        return method === 'GET' ? getBuilds(ex, store) : await postBuild(ex, store);
      case 'promote-build':
      case 'audit-build':
        return analyseBuild(ex, store, edition, route === 'promote-build');
      case 'issues':
        return issues(ex, store);
      case 'comments':
        return await postComment(ex, store);
      case 'import':
        return await importSbom(ex, store);
      default:
        return method === 'GET'
          ? sendJson(
              ex,
              200,
              store.projects.map((p) => ({ id: p.id, name: p.name })),
            )
          : await postProject(ex, store);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(ex, 413, error.message, { connection: 'close' });
    throw error;
  }
}

function getBuilds(ex: Exchange, store: ScaStore): void {
  const project = store.project(ex.url.searchParams.get('project') ?? '');
  if (!project) return sendText(ex, 404, 'Project not found.');
  const version = ex.url.searchParams.get('version');
  if (!version)
    return sendJson(
      ex,
      200,
      project.builds.map((b) => info(ex, store, project, b)),
    );
  const build = store.build(project, version);
  if (!build) return sendText(ex, 404, 'Build not found.');
  sendJson(ex, 200, info(ex, store, project, build));
}

function info(ex: Exchange, store: ScaStore, project: ScaProject, build: ScaBuild): Record<string, unknown> {
  return buildInfo(origin(ex), project, build, store.analysis(project.name, build.version));
}

/** Create/Update Build: `{project, version, url?, active?, stage?}` (pgutil's CreateOrUpdateBuildOptions). */
async function postBuild(ex: Exchange, store: ScaStore): Promise<void> {
  const body = await jsonBody(ex);
  if (!body) return;
  const projectName = text(prop(body, 'project'));
  const version = text(prop(body, 'version'));
  if (!projectName || !version) return sendText(ex, 400, 'Properties "project" and "version" are required.');
  const project = store.project(projectName);
  if (!project) return sendText(ex, 404, `Project "${projectName}" not found.`); // GUESS
  const stageName = text(prop(body, 'stage'));
  const stage = stageName === undefined ? undefined : store.stage(stageName);
  if (stageName !== undefined && !stage) return sendText(ex, 400, `Stage "${stageName}" not found.`); // GUESS
  const build = store.ensureBuild(project, version);
  const url = text(prop(body, 'url'));
  if (url) build.url = url;
  const active = prop(body, 'active');
  if (typeof active === 'boolean') build.active = active;
  if (stage) build.stage = stage;
  sendJson(ex, 200, info(ex, store, project, build));
}

/** The build a query names by `project` and `version` or `build`, or undefined once answered. */
function queriedBuild(
  ex: Exchange,
  store: ScaStore,
  required: string,
): { project: ScaProject; build: ScaBuild } | undefined {
  const query = ex.url.searchParams;
  const projectName = query.get('project');
  const version = query.get('version');
  const buildParam = query.get('build');
  if (version && buildParam && version !== buildParam) {
    sendText(ex, 400, `"version" (${version}) and "build" (${buildParam}) name different builds.`); // GUESS
    return undefined;
  }
  const number = version || buildParam;
  if (!projectName || !number) {
    sendText(ex, 400, `Query values ${required} are required.`);
    return undefined;
  }
  const project = store.project(projectName);
  if (!project) {
    sendText(ex, 404, `Project "${projectName}" not found.`);
    return undefined;
  }
  const build = store.build(project, number);
  if (!build) {
    sendText(ex, 404, `Build "${number}" of project "${project.name}" not found.`);
    return undefined;
  }
  return { project, build };
}

/**
 * Promote Build (`?project=&version=&stage=` in the docs, `build=` for the version in pgutil) and Audit Build
 * (`?project=&build=`): both analyse the build and answer pgutil's BuildAnalysisResults; promotion also
 * moves the build to the stage, whatever the verdict.
 */
function analyseBuild(ex: Exchange, store: ScaStore, edition: EditionController, promote: boolean): void {
  const required = promote ? '"project", "version" and "stage"' : '"project" and "build" (or "version")';
  const stageName = ex.url.searchParams.get('stage');
  if (promote && !stageName) return sendText(ex, 400, `Query values ${required} are required.`);
  const found = queriedBuild(ex, store, required);
  if (!found) return;
  const { project, build } = found;
  let stage: string | undefined;
  if (promote && stageName) {
    stage = store.stage(stageName);
    if (!stage) return sendText(ex, 400, `Stage "${stageName}" not found.`); // GUESS
  }
  const limit = edition.check();
  if (!limit.ok)
    return sendText(ex, 429, RATE_LIMIT_TEXT, { 'retry-after': String(limit.retryAfterSeconds) });
  edition.count();
  if (stage) {
    build.stage = stage;
    build.promotions.push(stage);
  }
  const results = analysisResults(
    store.analysis(project.name, build.version),
    build.packages.length,
    new Date(edition.now()).toISOString(),
  );
  build.lastAnalysis = results;
  sendJson(ex, 200, results);
}

/**
 * List Issues (GET), Resolve Issue (POST `&number=N&resolve=true`), Delete Issue (DELETE `&number=N`), all
 * with `?project=&version=` (the docs and pgutil's ListIssuesAsync, ResolveIssueAsync, DeleteIssueAsync).
 */
function issues(ex: Exchange, store: ScaStore): void {
  const query = ex.url.searchParams;
  const projectName = query.get('project');
  const version = query.get('version');
  if (!projectName || !version)
    return sendText(ex, 400, 'Query values "project" and "version" are required.');
  const project = store.project(projectName);
  if (!project) return sendText(ex, 404, `Project "${projectName}" not found.`);
  const build = store.build(project, version);
  if (!build) return sendText(ex, 404, `Build "${version}" of project "${project.name}" not found.`);
  const set = store.analysisSet(project.name, build.version);
  if (ex.req.method === 'GET') return sendJson(ex, 200, set?.issues ?? []);

  const numberText = query.get('number') ?? '';
  if (!/^\d+$/.test(numberText))
    return sendText(ex, 400, 'Query value "number" (the issue number) is required.');
  const number = Number(numberText);
  const index = set?.issues.findIndex((issue) => issue.number === number) ?? -1;
  if (!set || index < 0) return sendText(ex, 404, `Issue #${number} of build "${build.version}" not found.`); // GUESS
  if (ex.req.method === 'DELETE') {
    set.issues.splice(index, 1);
    return sendEmpty(ex, 200);
  }
  // GUESS: a POST without resolve=true changes nothing ProGet documents; it is refused so a typo shows.
  if ((query.get('resolve') ?? '').toLowerCase() !== 'true') {
    return sendText(ex, 400, 'Query value "resolve=true" is required to resolve an issue.');
  }
  set.issues[index]!.resolved = true;
  sendEmpty(ex, 200);
}

/** Create/Update Comment: `{project, version, comment, by?, date?, number?}` (pgutil's BuildCommentCreateInfo). */
async function postComment(ex: Exchange, store: ScaStore): Promise<void> {
  const body = await jsonBody(ex);
  if (!body) return;
  const project = store.project(text(prop(body, 'project')) ?? '');
  if (!project) return sendText(ex, 404, 'Project not found.');
  const build = store.build(project, text(prop(body, 'version')) ?? '');
  if (!build) return sendText(ex, 404, 'Build not found.');
  const comment = text(prop(body, 'comment'));
  if (!comment) return sendText(ex, 400, 'Property "comment" is required.');
  const by = text(prop(body, 'by'));
  build.comments.push({
    number: build.comments.length + 1,
    ...(by ? { by } : {}),
    date: text(prop(body, 'date')) ?? new Date().toISOString(),
    comment,
  });
  sendEmpty(ex, 200);
}

/** Import SBOM: the document is the body; it creates the project and build it names (the docs). */
async function importSbom(ex: Exchange, store: ScaStore): Promise<void> {
  const body = (await readBody(ex.req, MAX_BODY)).toString('utf8');
  const parsed = parseSbom(ex.req.headers['content-type'] ?? '', body);
  if (typeof parsed === 'string') return sendText(ex, 400, parsed);
  if (!parsed.project || !parsed.version) {
    return sendText(ex, 400, 'The SBOM document has no metadata component name and version.');
  }
  const build = store.ensureBuild(store.ensureProject(parsed.project), parsed.version);
  build.packages = parsed.packages;
  build.sboms += 1;
  sendEmpty(ex, 200);
}

async function postProject(ex: Exchange, store: ScaStore): Promise<void> {
  const body = await jsonBody(ex);
  if (!body) return;
  const name = text(prop(body, 'name'));
  if (!name) return sendText(ex, 400, 'Property "name" is required.');
  const project = store.ensureProject(name);
  sendJson(ex, 200, { id: project.id, name: project.name });
}
