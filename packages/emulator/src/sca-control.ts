// /__emulator/sca* — lets the demo, a shell or a test in another process set up SCA projects and stages
// before a run, and read back builds with their stage, packages and comments afterwards.
import { methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import type { ScaStore } from './sca-store.js';

export async function handleScaControl(ex: Exchange, route: string, store: ScaStore): Promise<void> {
  const method = ex.req.method;
  switch (route) {
    case 'sca':
      if (method !== 'GET') return methodNotAllowed(ex, ['GET']);
      return sendJson(ex, 200, { stages: store.stages, projects: store.projects });
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
    default:
      return sendText(ex, 404, 'Unknown emulator control endpoint.');
  }
}

async function readJson(ex: Exchange): Promise<unknown> {
  try {
    return JSON.parse((await readBody(ex.req, 64 * 1024)).toString('utf8'));
  } catch {
    return undefined;
  }
}
