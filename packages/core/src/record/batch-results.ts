import type { DeploymentError } from '../errors.js';
import type { DeploymentRecord } from '../proget/deployment-api.js';

/** What happened to one record of a batch. */
export interface RecordResult {
  record: DeploymentRecord;
  outcome: 'recorded' | 'failed' | 'skipped' | 'dry-run';
  attempts: number;
  /** Why a failed record was not stored. A skipped record has none: it was never sent (see `reason`). */
  error?: DeploymentError;
  /** Why a skipped record was not sent, e.g. "not sent: the key was refused for an earlier record". */
  reason?: string;
  /** Download mode: where the package file was (or, on a dry run, would be) saved. */
  file?: string;
}

export type RecordOutcome = RecordResult['outcome'];

/**
 * Where a batch's records come from: produced on demand by position, so neither the batch nor its results
 * hold them all (a plain array is one too). A plan's packages × targets can be 100,000 records.
 */
export interface RecordSource {
  readonly length: number;
  at(index: number): DeploymentRecord | undefined;
}

const OUTCOMES: readonly RecordOutcome[] = ['recorded', 'failed', 'skipped', 'dry-run'];
const NOT_YET = 255;

/**
 * Every record's fate, kept compactly: one byte for its outcome and one for its attempts, the error only for
 * records that failed, the reason a skipped one was not sent once for all that share it, the file only in download mode. The
 * record itself is produced again from its source when asked for, so 100,000 results cost about 200 KB.
 * Reads like a read-only array of RecordResult, in input order.
 */
export class BatchResults implements Iterable<RecordResult> {
  readonly length: number;
  private readonly outcomes: Uint8Array;
  private readonly attempts: Uint8Array;
  private readonly failures = new Map<number, DeploymentError>();
  private readonly files = new Map<number, string>();
  private skipReason: string | undefined;
  private readonly otherReasons = new Map<number, string>();
  private readonly counts = new Map<RecordOutcome, number>(OUTCOMES.map((o) => [o, 0]));

  // Private (#): the source may be a plan, with the API key in it; it must not appear when a report is
  // logged or serialized.
  readonly #source: RecordSource;

  constructor(source: RecordSource) {
    this.#source = source;
    this.length = source.length;
    this.outcomes = new Uint8Array(this.length).fill(NOT_YET);
    this.attempts = new Uint8Array(this.length);
  }

  /** Results already in hand as an array (a test's, or a caller's that has them so). */
  static from(results: readonly RecordResult[]): BatchResults {
    const batch = new BatchResults({ length: results.length, at: (index) => results[index]?.record });
    results.forEach((result, index) => batch.set(index, result));
    return batch;
  }

  set(index: number, result: Omit<RecordResult, 'record'>): void {
    this.outcomes[index] = OUTCOMES.indexOf(result.outcome);
    this.attempts[index] = Math.min(result.attempts, 255);
    this.counts.set(result.outcome, this.count(result.outcome) + 1);
    if (result.error) this.failures.set(index, result.error);
    if (result.reason && (this.skipReason ?? result.reason) === result.reason)
      this.skipReason = result.reason;
    else if (result.reason) this.otherReasons.set(index, result.reason);
    if (result.file) this.files.set(index, result.file);
  }

  /** How many records ended so. */
  count(outcome: RecordOutcome): number {
    return this.counts.get(outcome)!;
  }

  at(index: number): RecordResult | undefined {
    if (index < 0) index += this.length;
    const code = this.outcomes[index];
    if (code === undefined || code === NOT_YET) return undefined;
    const outcome = OUTCOMES[code]!;
    const error = this.failures.get(index);
    const reason = this.otherReasons.get(index) ?? (outcome === 'skipped' ? this.skipReason : undefined);
    const file = this.files.get(index);
    return {
      record: this.#source.at(index)!,
      outcome,
      attempts: this.attempts[index]!,
      ...(error ? { error } : {}),
      ...(reason ? { reason } : {}),
      ...(file ? { file } : {}),
    };
  }

  /** As JSON, the results themselves (an array, as a report always had). */
  toJSON(): RecordResult[] {
    return [...this];
  }

  *[Symbol.iterator](): Iterator<RecordResult> {
    for (let i = 0; i < this.length; i += 1) {
      const result = this.at(i);
      if (result) yield result;
    }
  }

  /** Every error a record failed with, without producing the records. */
  errors(): Iterable<DeploymentError> {
    return this.failures.values();
  }

  /** The failed records' results, in input order, without producing the others' records. */
  *failed(): Iterable<RecordResult> {
    for (const index of [...this.failures.keys()].sort((a, b) => a - b)) yield this.at(index)!;
  }

  /** The first record that ended so, found without producing the records before it. */
  first(outcome: RecordOutcome): RecordResult | undefined {
    const index = this.outcomes.indexOf(OUTCOMES.indexOf(outcome));
    return index < 0 ? undefined : this.at(index);
  }

  /** The first result that passes the test; the records after it are not produced. */
  find(test: (result: RecordResult) => unknown): RecordResult | undefined {
    for (const result of this) if (test(result)) return result;
    return undefined;
  }

  filter(test: (result: RecordResult) => unknown): RecordResult[] {
    const kept: RecordResult[] = [];
    for (const result of this) if (test(result)) kept.push(result);
    return kept;
  }

  map<T>(to: (result: RecordResult, index: number) => T): T[] {
    const out: T[] = [];
    for (const result of this) out.push(to(result, out.length));
    return out;
  }

  some(test: (result: RecordResult) => unknown): boolean {
    return this.find(test) !== undefined;
  }

  every(test: (result: RecordResult) => unknown): boolean {
    return !this.some((result) => !test(result));
  }
}
