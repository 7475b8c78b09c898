import { DeploymentError } from './errors.js';
import type { DeploymentRecord } from './record.js';

/** What happened to one record of a batch. */
export interface RecordResult {
  record: DeploymentRecord;
  outcome: 'recorded' | 'failed' | 'skipped' | 'dry-run';
  attempts: number;
  error?: DeploymentError;
  /** Download mode: where the package file was (or, on a dry run, would be) saved. */
  file?: string;
}

export interface Performed {
  attempts: number;
  file?: string;
}

/**
 * Runs one request per record with at most `concurrency` in flight and returns one result per record, in
 * input order. An authentication failure stops the rest (they would fail the same way) and marks them
 * skipped, so a wrong key costs one request, not a thousand.
 */
export async function runBatch(
  records: readonly DeploymentRecord[],
  concurrency: number,
  perform: (record: DeploymentRecord, index: number) => Promise<Performed>,
  onResult?: (result: RecordResult, done: number) => void,
): Promise<RecordResult[]> {
  const results: RecordResult[] = new Array(records.length);
  let next = 0;
  let done = 0;
  let stop: DeploymentError | undefined;
  const worker = async () => {
    while (next < records.length) {
      const index = next++;
      const record = records[index]!;
      let result: RecordResult;
      if (stop) {
        result = { record, outcome: 'skipped', attempts: 0, error: stop };
      } else {
        try {
          result = { record, outcome: 'recorded', ...(await perform(record, index)) };
        } catch (error) {
          const failure =
            error instanceof DeploymentError ? error : new DeploymentError('network', String(error));
          if (failure.kind === 'auth') stop = failure;
          result = { record, outcome: 'failed', attempts: failure.attempts ?? 1, error: failure };
        }
      }
      results[index] = result;
      done += 1;
      onResult?.(result, done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, records.length)) }, worker));
  return results;
}
