import type { DeploymentError } from '../errors.js';
import type { FailurePolicy, StepAction } from '../plan/plan.js';
import { describeRecord, type DeploymentRecord } from '../proget/deployment-api.js';
import type { BatchResults } from '../record/batch-results.js';
import { failedScaStep, type ScaReport } from '../sca/run-sca.js';
import type { RunOutcome, RunReport } from './run-report.js';

/**
 * The step's verdict in one line: what became of the records and of the SCA build, each told truly — what
 * ProGet stored is said to be stored even when a later step failed, so a reader knows what a re-run repeats.
 */

/** What the verdict needs of the plan. */
export interface VerdictFacts {
  action: StepAction;
  feed: string;
  dryRun: boolean;
  duplicates: number;
  onError: FailurePolicy;
}

/** One part's say in the run's one-line message (and in its counts-only headline), and how it went. */
interface Part {
  message?: string;
  headline?: string;
  /** `warn`: done, but something the user should know (a comment not added) did not happen. */
  level: 'ok' | 'warn' | 'fail';
  errors?: DeploymentError[];
}

/** Distinct failures shown in the verdict; a batch failing in many different ways lists each record's error in its results. */
const MAX_REASONS = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

function recordsPart(facts: VerdictFacts, results: BatchResults): Part {
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

function scaPart(facts: VerdictFacts, sca: ScaReport | undefined): Part {
  if (!sca) return { level: 'ok' };
  const build = `SCA build ${sca.build} of "${sca.project}"`;
  if (facts.dryRun) {
    const message = `Dry run: ${build} would be promoted to "${sca.stage}"; nothing was sent.`;
    return { message, headline: message, level: 'ok' };
  }
  const components = sca.sbom?.components;
  const sbom = sca.sbom ? ` with its SBOM (${components} component${components === 1 ? '' : 's'})` : '';
  const promoted = `Promoted ${build}${sbom} to "${sca.stage}"`;
  const failed = failedScaStep(sca);
  if (!failed) return { message: `${promoted}.`, headline: `${promoted}.`, level: 'ok' };
  const why = failed.error ? `: ${failed.error.describe()}` : '';
  if (failed.step === 'comment') {
    // The promotion happened: said so, and the missing comment is a warning, not a failed deploy — unless a
    // bug of this tool lost it, which is never let pass.
    const what = `${promoted}, but its comment was not added`;
    const bug = failed.error?.kind === 'bug';
    return {
      headline: `${what}.`,
      message: `${what}${why}`,
      level: bug ? 'fail' : 'warn',
      ...(bug ? { errors: [failed.error!] } : {}),
    };
  }
  const what = `${build} not promoted to "${sca.stage}" (${failed.step} step failed)`;
  return {
    headline: `${what}.`,
    message: `${what}${why}`,
    level: 'fail',
    errors: failed.error ? [failed.error] : [],
  };
}

/**
 * The outcome: a failure fails the step unless `on-error: warn` forgives it — only when every error may heal
 * by itself (never a bug, a refused key, a missing feed…); a warning part makes a successful step a warning.
 */
export function decide(
  facts: VerdictFacts,
  results: BatchResults,
  sca: ScaReport | undefined,
): Pick<RunReport, 'outcome' | 'message' | 'headline' | 'forgiven'> {
  const parts = [recordsPart(facts, results), scaPart(facts, sca)];
  const join = (pick: (p: Part) => string | undefined) =>
    parts.flatMap((p) => (pick(p) ? [pick(p)!] : [])).join(' ');
  const message = join((p) => p.message);
  const headline = join((p) => p.headline);
  const failing = parts.filter((p) => p.level === 'fail');
  let outcome: RunOutcome = parts.some((p) => p.level === 'warn') ? 'warning' : 'success';
  let forgiven = false;
  if (failing.length > 0) {
    const errors = failing.flatMap((p) => p.errors ?? []);
    forgiven = facts.onError === 'warn' && errors.every((e) => !e.isConfigurationError);
    outcome = forgiven ? 'warning' : 'failure';
  }
  return { outcome, message, headline, forgiven };
}
