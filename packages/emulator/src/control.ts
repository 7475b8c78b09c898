// /__emulator/* — lets a process that did not start the emulator (the demo, the benchmark, a shell) read
// what was recorded and change faults. Never subject to faults or auth, and not written to the request log,
// so driving the emulator does not disturb what a test is observing.
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import { EDITIONS, isEdition, type EditionController } from './edition.js';
import { handleScaControl } from './sca-control.js';
import type { ScaStore } from './sca-store.js';
import type { FaultPlan, RequestLogEntry, StoredDeployment, StoredPromotion } from './types.js';

export const CONTROL_PREFIX = '/__emulator/';

export interface ControlContext {
  deployments: StoredDeployment[];
  requests: RequestLogEntry[];
  /** Throws a TypeError for an invalid plan. */
  setFaults(plan: FaultPlan): void;
  sca: ScaStore;
  promotions: StoredPromotion[];
  edition: EditionController;
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
    case 'promotions':
      if (method === 'GET') return sendJson(ex, 200, ctx.promotions);
      if (method === 'DELETE') {
        ctx.promotions.length = 0; // in place: Emulator.promotions is a live array
        return sendEmpty(ex, 204);
      }
      return methodNotAllowed(ex, ['GET', 'DELETE']);
    case 'edition': {
      if (method === 'GET') {
        return sendJson(ex, 200, {
          edition: ctx.edition.edition,
          complianceActionsPerHour: ctx.edition.limit,
          complianceActionsUsed: ctx.edition.used,
        });
      }
      if (method !== 'PUT') return methodNotAllowed(ex, ['GET', 'PUT']);
      let body: unknown;
      try {
        body = JSON.parse((await readBody(ex.req, 64 * 1024)).toString('utf8'));
      } catch {
        body = undefined;
      }
      const edition = (body as { edition?: unknown } | undefined)?.edition;
      if (!isEdition(edition)) {
        return sendText(ex, 400, `Send {"edition": "…"} with one of ${EDITIONS.join(', ')}.`);
      }
      ctx.edition.set(edition);
      return sendEmpty(ex, 204);
    }
    case 'edition/compliance-actions':
      if (method !== 'DELETE') return methodNotAllowed(ex, ['DELETE']);
      ctx.edition.resetActions();
      return sendEmpty(ex, 204);
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
