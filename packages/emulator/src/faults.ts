// Fault injection. A FaultController owns one plan and its counters; the server asks it, per request,
// what to do. Keeping the decision pure (no sockets here) makes the order of faults easy to read and test.
import { STATUS_CODES } from 'node:http';
import type { FaultPlan } from './types.js';

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'fail'; status: number; headers: Record<string, string>; body: string };

/** mulberry32: a tiny seeded PRNG, so a failRate plan fails the same requests on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_SEED = 1;

export class FaultController {
  private plan: FaultPlan = {};
  private resetsLeft = 0;
  private hangsLeft = 0;
  private failuresLeft = 0;
  private random: () => number = mulberry32(DEFAULT_SEED);

  constructor(plan: FaultPlan = {}) {
    this.set(plan);
  }

  /** Replaces the plan; counters and the PRNG restart, so a new plan behaves the same whenever it is set. */
  set(plan: FaultPlan): void {
    validateFaultPlan(plan);
    this.plan = structuredClone(plan);
    this.resetsLeft = plan.resetFirst ?? 0;
    this.hangsLeft = plan.hangFirst ?? 0;
    this.failuresLeft = plan.failFirst?.count ?? 0;
    this.random = mulberry32(plan.failRate?.seed ?? DEFAULT_SEED);
  }

  get latencyMs(): number {
    return this.plan.latencyMs ?? 0;
  }

  get truncateDownloads(): boolean {
    return this.plan.truncateDownloads === true;
  }

  /**
   * Consumes one request's worth of the plan, for a request to `path`. The counters are consumed one after
   * another (resets first, then hangs, then failures — those only by requests to failFirst's path, when it
   * names one), and only requests that get past them draw from the failRate PRNG, so a seeded sequence does
   * not shift when counters are added.
   */
  next(path: string): FaultDecision {
    if (this.resetsLeft > 0) {
      this.resetsLeft--;
      return { kind: 'reset' };
    }
    if (this.hangsLeft > 0) {
      this.hangsLeft--;
      return { kind: 'hang' };
    }
    const first = this.plan.failFirst;
    if (first && this.failuresLeft > 0 && path.startsWith(first.path ?? '')) {
      this.failuresLeft--;
      return failure(first.status, first.retryAfter, first.body, first.contentType);
    }
    const rate = this.plan.failRate;
    if (rate && this.random() < rate.rate) return failure(rate.status, rate.retryAfter);
    return { kind: 'none' };
  }
}

function failure(status: number, retryAfter?: string, body?: string, contentType?: string): FaultDecision {
  const headers: Record<string, string> = { 'content-type': contentType ?? 'text/plain; charset=utf-8' };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  // A short text message by default, like ProGet's own errors; tests override it to mimic a proxy's page.
  return {
    kind: 'fail',
    status,
    headers,
    body: body ?? `${STATUS_CODES[status] ?? 'Error'} (emulated fault)`,
  };
}

/** Throws a TypeError describing the first invalid field, so a bad plan fails loudly instead of never firing. */
export function validateFaultPlan(plan: unknown): asserts plan is FaultPlan {
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
    throw new TypeError('A fault plan must be an object');
  }
  const p = plan as Record<string, unknown>;
  const known = ['latencyMs', 'failFirst', 'failRate', 'resetFirst', 'hangFirst', 'truncateDownloads'];
  for (const key of Object.keys(p)) {
    if (!known.includes(key)) throw new TypeError(`Unknown fault "${key}"`);
  }
  for (const key of ['latencyMs', 'resetFirst', 'hangFirst']) checkCount(p[key], key);
  if (p.truncateDownloads !== undefined && typeof p.truncateDownloads !== 'boolean') {
    throw new TypeError('truncateDownloads must be a boolean');
  }
  if (p.failFirst !== undefined) {
    const f = asObject(p.failFirst, 'failFirst');
    checkCount(f.count, 'failFirst.count', true);
    checkStatus(f.status, 'failFirst.status');
    for (const key of ['retryAfter', 'body', 'contentType']) checkString(f[key], `failFirst.${key}`);
    if (f.path !== undefined && (typeof f.path !== 'string' || !f.path.startsWith('/'))) {
      throw new TypeError('failFirst.path must be a path starting with "/"');
    }
  }
  if (p.failRate !== undefined) {
    const f = asObject(p.failRate, 'failRate');
    if (typeof f.rate !== 'number' || !(f.rate >= 0 && f.rate <= 1)) {
      throw new TypeError('failRate.rate must be a number from 0 to 1');
    }
    checkStatus(f.status, 'failRate.status');
    if (f.seed !== undefined && !Number.isInteger(f.seed))
      throw new TypeError('failRate.seed must be an integer');
    checkString(f.retryAfter, 'failRate.retryAfter');
  }
}

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

function checkCount(value: unknown, name: string, required = false): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative integer`);
  }
}

function checkStatus(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 599) {
    throw new TypeError(`${name} must be an HTTP error status (400-599)`);
  }
}

function checkString(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${name} must be a string`);
}
