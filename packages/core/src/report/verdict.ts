import type { DeploymentError } from '../errors.js';
import type { FailurePolicy, NoncompliancePolicy, StepAction } from '../plan/plan.js';
import { describeRecord, type DeploymentRecord } from '../proget/deployment-api.js';
import type { BatchResults } from '../record/batch-results.js';
import type { RunOutcome, RunReport } from './run-report.js';

/**
 * The step's verdict in one line: what became of the records and of the SCA build, each told truly — what
 * ProGet stored is said to be stored even when a later step failed, so a reader knows what a re-run repeats.
 * Each stage has its part: the records' is here; the SCA build's and the promotions' come with their stages
 * (sca-verdict.ts, promotions-verdict.ts), loaded only when the step has them.
 */

/** What the verdict needs of the plan. */
export interface VerdictFacts {
  action: StepAction;
  feed: string;
  dryRun: boolean;
  duplicates: number;
  onError: FailurePolicy;
  onNoncompliant: NoncompliancePolicy;
}

/** One part's say in the run's one-line message (and in its counts-only headline), and how it went. */
export interface Part {
  message?: string;
  headline?: string;
  /** `warn`: done, but something the user should know (a comment not added) did not happen. */
  level: 'ok' | 'warn' | 'fail';
  errors?: DeploymentError[];
  /** The failure is ProGet's verdict on the build: `on-noncompliant` decides, not `on-error`. */
  gate?: boolean;
}

/** Distinct failures shown in the verdict; a batch failing in many different ways lists each record's error in its results. */
const MAX_REASONS = 3;

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why records were not stored, each distinct failure once (a wrong key on 500 records is one reason, not 500),
 * then what became of the records that were never sent.
 */
function reasons(results: BatchResults): string[] {
  const failures = new Map<string, DeploymentRecord[]>();
  for (const result of results.failed()) {
    if (!result.error) continue;
    const text = result.error.describe();
    const records = failures.get(text);
    if (records) records.push(result.record);
    else failures.set(text, [result.record]);
  }
  const out = [...failures].slice(0, MAX_REASONS).map(([text, records]) => {
    const who = describeRecord(records[0]!);
    return `${records.length === 1 ? who : `${who} and ${plural(records.length - 1, 'other record')}`}: ${text}`;
  });
  if (failures.size > MAX_REASONS) {
    out.push(`${failures.size - MAX_REASONS} other kinds of failure (each record's error is in the results)`);
  }
  const skipped = results.first('skipped');
  if (skipped) {
    out.push(`${plural(results.count('skipped'), 'record')} ${skipped.reason ?? 'not sent'}`);
  }
  return out;
}

/** The records' part: how many ProGet stored, and each distinct reason the others were not. */
export function recordsPart(facts: VerdictFacts, results: BatchResults): Part {
  // A step that records nothing (SCA only, an audit) says nothing about records.
  if (facts.action !== 'record' && facts.action !== 'download') return { level: 'ok' };
  const total = results.length;
  const where = `ProGet feed "${facts.feed}"`;
  const part = ((): Part => {
    if (facts.dryRun) {
      const message = `Dry run: ${plural(total, 'record')} resolved for ${where}; nothing was sent.`;
      return { message, headline: message, level: 'ok' };
    }
    const recorded = results.count('recorded');
    if (recorded === total) {
      const message = `Recorded ${plural(total, 'deployment')} in ${where}.`;
      return { message, headline: message, level: 'ok' };
    }
    const what = `${total - recorded} of ${plural(total, 'deployment record')} not recorded in ${where}`;
    return {
      headline: `${what}.`,
      // Reasons are joined by semicolons, so a hint's closing period goes (but the verdict's last one stays).
      message: `${what}: ${reasons(results).join('; ')}`.replace(/\.; /g, '; '),
      level: 'fail',
      errors: [...results.errors()],
    };
  })();
  const n = facts.duplicates;
  if (!n) return part;
  const dropped = ` ${n} duplicate record${n === 1 ? ' was' : 's were'} dropped.`;
  return {
    ...part,
    ...(part.message ? { message: `${part.message}${dropped}` } : {}),
    ...(part.headline ? { headline: `${part.headline}${dropped}` } : {}),
  };
}

/**
 * The outcome. A failing part fails the step unless it is forgiven: ProGet's verdict by `on-noncompliant: warn`,
 * anything else by `on-error: warn` only when every error may heal by itself (never a bug, a refused key, a
 * missing feed…). A warning part, or a forgiven failure, makes a successful step a warning.
 */
export function decide(
  facts: VerdictFacts,
  parts: readonly Part[],
): Pick<RunReport, 'outcome' | 'message' | 'headline' | 'stoppedByVerdict' | 'forgiven'> {
  const join = (pick: (p: Part) => string | undefined) =>
    parts.flatMap((p) => (pick(p) ? [pick(p)!] : [])).join(' ');
  const forgiven = (part: Part) =>
    part.gate
      ? facts.onNoncompliant === 'warn'
      : facts.onError === 'warn' && (part.errors ?? []).every((e) => !e.isConfigurationError);
  const unforgiven = parts.filter((p) => p.level === 'fail' && !forgiven(p));
  const outcome: RunOutcome =
    unforgiven.length > 0 ? 'failure' : parts.some((p) => p.level !== 'ok') ? 'warning' : 'success';
  return {
    outcome,
    message: join((p) => p.message),
    headline: join((p) => p.headline),
    ...(unforgiven.length > 0 && unforgiven.every((p) => p.gate) ? { stoppedByVerdict: true } : {}),
    // Said where it is told (the CLI's "forgiven by --on-error warn"): only when a failure was forgiven.
    forgiven: parts.some((p) => p.level === 'fail' && forgiven(p)),
  };
}
