import { asDeploymentError, type DeploymentError } from '../errors.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';
import type { Gate } from '../proget/pipeline.js';
import { BatchResults, type RecordResult, type RecordSource } from './batch-results.js';

export interface Performed {
  attempts: number;
  file?: string;
}

/**
 * A counting semaphore: at most `size` requests run at once, in arrival order, except that an urgent one (a
 * retry) goes to the front of the line.
 */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(request: () => Promise<T>, urgent: boolean): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve) =>
        urgent ? this.waiting.unshift(resolve) : this.waiting.push(resolve),
      );
    } else {
      this.active += 1;
    }
    try {
      return await request();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** Thrown inside a gated request once the batch has stopped; becomes a `skipped` result. */
class BatchStopped extends Error {}

/** What a record skipped after an authentication failure says instead of repeating that failure. */
function notSentReason(hasKey: boolean): string {
  return hasKey
    ? 'not sent: the key was refused for an earlier record'
    : 'not sent: access without a key was refused for an earlier record';
}

export interface BatchOptions {
  concurrency: number;
  /** Whether the requests carry a key, for what a skipped record says. */
  hasKey: boolean;
  onResult?: (result: RecordResult, done: number) => void;
}

/**
 * One request at a time per record, at most `concurrency` in flight across the batch, one result per record
 * in input order. The limit applies to requests, not to records: a record waiting out a retry backoff holds
 * no slot, so one slow 503 does not idle a quarter of the batch. Records are taken from the source one at a
 * time as earlier ones finish — at most twice `concurrency` are in progress (every slot busy, as many again
 * backing off) — so a batch of any size holds a bounded amount of work and sends its first record at once.
 * An authentication failure stops the rest (they would fail the same way) and marks them skipped, so a
 * wrong key costs one request, not a thousand.
 */
export async function runBatch(
  records: RecordSource,
  options: BatchOptions,
  perform: (record: DeploymentRecord, index: number, gate: Gate) => Promise<Performed>,
): Promise<BatchResults> {
  const { concurrency, hasKey, onResult } = options;
  const limiter = new Limiter(Math.max(1, concurrency));
  let stop: DeploymentError | undefined;
  const gate: Gate = (attempt, retry) =>
    limiter.run(async () => {
      if (stop) throw new BatchStopped(stop.message);
      const outcome = await attempt();
      // Decided before the slot is handed on, so the next record in line already sees the stop.
      if (!outcome.ok && outcome.error.kind === 'auth') stop ??= outcome.error;
      return outcome;
    }, retry);
  const results = new BatchResults(records);
  let next = 0;
  let done = 0;
  const fate = async (record: DeploymentRecord, index: number): Promise<Omit<RecordResult, 'record'>> => {
    try {
      if (stop) throw new BatchStopped(stop.message);
      return { outcome: 'recorded', ...(await perform(record, index, gate)) };
    } catch (error) {
      if (error instanceof BatchStopped)
        return { outcome: 'skipped', attempts: 0, reason: notSentReason(hasKey) };
      // Anything but a typed failure is a bug: told as one, never forgiven (errors.ts).
      const failure = asDeploymentError(error);
      return { outcome: 'failed', attempts: failure.attempts ?? 1, error: failure };
    }
  };
  const worker = async () => {
    while (next < records.length) {
      const index = next++;
      const record = records.at(index)!;
      const result = { record, ...(await fate(record, index)) };
      results.set(index, result);
      done += 1;
      onResult?.(result, done);
    }
  };
  const workers = Math.min(records.length, 2 * Math.max(1, concurrency));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
