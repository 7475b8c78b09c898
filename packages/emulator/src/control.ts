// /__emulator/* — lets a process that did not start the emulator (the demo, the benchmark, a shell) read
// what was recorded and change faults. Never subject to faults or auth, and not written to the request log,
// so driving the emulator does not disturb what a test is observing.
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import { handleScaControl } from './sca-control.js';
import type { ScaStore } from './sca-store.js';
import type { FaultPlan, RequestLogEntry, StoredDeployment } from './types.js';

export const CONTROL_PREFIX = '/__emulator/';

export interface ControlContext {
  deployments: StoredDeployment[];
  requests: RequestLogEntry[];
  /** Throws a TypeError for an invalid plan. */
  setFaults(plan: FaultPlan): void;
  sca: ScaStore;
}

export async function handleControl(ex: Exchange, ctx: ControlContext): Promise<void> {
  const method = ex.req.method;
  const route = ex.url.pathname.slice(CONTROL_PREFIX.length);
  if (route === 'sca' || route.startsWith('sca/')) return handleScaControl(ex, route, ctx.sca);
  switch (route) {
    case 'health':
      return method === 'GET' ? sendJson(ex, 200, { status: 'ok' }) : methodNotAllowed(ex, ['GET']);
    case 'deployments':
      if (method === 'GET') return sendJson(ex, 200, ctx.deployments);
      if (method === 'DELETE') {
        ctx.deployments.length = 0; // in place: Emulator.deployments is a live array
        return sendEmpty(ex, 204);
      }
      return methodNotAllowed(ex, ['GET', 'DELETE']);
    case 'requests':
      return method === 'GET' ? sendJson(ex, 200, ctx.requests) : methodNotAllowed(ex, ['GET']);
    case 'faults': {
      if (method !== 'PUT') return methodNotAllowed(ex, ['PUT']);
      let plan: unknown;
      try {
        plan = JSON.parse((await readBody(ex.req, 64 * 1024)).toString('utf8'));
      } catch (error) {
        const status = error instanceof BodyTooLargeError ? 413 : 400;
        return sendText(ex, status, `Invalid fault plan: ${(error as Error).message}`);
      }
      try {
        ctx.setFaults(plan as FaultPlan);
      } catch (error) {
        return sendText(ex, 400, `Invalid fault plan: ${(error as Error).message}`);
      }
      return sendEmpty(ex, 204);
    }
    default:
      return sendText(ex, 404, 'Unknown emulator control endpoint.');
  }
}
