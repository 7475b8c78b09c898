// /__emulator/sca* — lets the demo, a shell or a test in another process set up SCA projects, stages and the
// verdicts builds' analyses give before a run, and read back builds with their stage, packages, comments and
// last analysis afterwards.
import { methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import type { ScaAnalysisInput } from './sca-analysis.js';
import type { ScaStore } from './sca-store.js';

export async function handleScaControl(ex: Exchange, route: string, store: ScaStore): Promise<void> {
  const method = ex.req.method;
  switch (route) {
    case 'sca':
      if (method !== 'GET') return methodNotAllowed(ex, ['GET']);
      return sendJson(ex, 200, {
        stages: store.stages,
        projects: store.projects,
        analyses: store.listAnalyses(),
      });
    case 'sca/projects': {
      if (method !== 'POST') return methodNotAllowed(ex, ['POST']);
      const body = await readJson(ex);
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || !name.trim()) return sendText(ex, 400, 'Send {"name": "project"}.');
      const project = store.ensureProject(name.trim());
      return sendJson(ex, 200, { id: project.id, name: project.name });
    }
    case 'sca/stages': {
      if (method !== 'PUT') return methodNotAllowed(ex, ['PUT']);
      const body = await readJson(ex);
      if (
        !Array.isArray(body) ||
        body.length === 0 ||
        !body.every((s) => typeof s === 'string' && s.trim())
      ) {
        return sendText(ex, 400, 'Send a JSON array of stage names, e.g. ["Build", "Production"].');
      }
      store.stages = body.map((s: string) => s.trim());
      return sendEmpty(ex, 204);
    }
    default: {
      const build = analysisRoute(route);
      if (build) return handleAnalysis(ex, store, build.project, build.version);
      return sendText(ex, 404, 'Unknown emulator control endpoint.');
    }
  }
}

/** sca/builds/{project}/{version}/analysis, each name percent-encoded as one segment. */
function analysisRoute(route: string): { project: string; version: string } | undefined {
  const match = /^sca\/builds\/([^/]+)\/([^/]+)\/analysis$/.exec(route);
  if (!match) return undefined;
  try {
    const project = decodeURIComponent(match[1]!).trim();
    const version = decodeURIComponent(match[2]!).trim();
    return project && version ? { project, version } : undefined;
  } catch {
    return undefined;
  }
}

/** PUT sets the verdict (and issues) of a build, which need not exist yet; GET shows it; DELETE forgets it. */
async function handleAnalysis(
  ex: Exchange,
  store: ScaStore,
  project: string,
  version: string,
): Promise<void> {
  switch (ex.req.method) {
    case 'GET':
      return sendJson(
        ex,
        200,
        store.analysisSet(project, version) ?? { project, version, ...store.analysis(project, version) },
      );
    case 'DELETE':
      store.clearAnalysis(project, version);
      return sendEmpty(ex, 204);
    case 'PUT': {
      const body = await readJson(ex);
      try {
        return sendJson(ex, 200, store.setAnalysis(project, version, body as ScaAnalysisInput));
      } catch (error) {
        if (error instanceof TypeError) return sendText(ex, 400, `Invalid analysis: ${error.message}`);
        throw error;
      }
    }
    default:
      return methodNotAllowed(ex, ['GET', 'PUT', 'DELETE']);
  }
}

async function readJson(ex: Exchange): Promise<unknown> {
  try {
    return JSON.parse((await readBody(ex.req, 64 * 1024)).toString('utf8'));
  } catch {
    return undefined;
  }
}
