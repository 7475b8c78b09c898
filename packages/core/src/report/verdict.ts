import type { DeploymentError } from '../errors.js';
import type { FailurePolicy, NoncompliancePolicy, StepAction } from '../plan/plan.js';
import type { PromotionResult, PromotionsReport } from '../promote/run-promotions.js';
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
  onNoncompliant: NoncompliancePolicy;
}

/** One part's say in the run's one-line message (and in its counts-only headline), and how it went. */
interface Part {
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

/** The build as messages name it, with its page when ProGet gave one. */
function buildName(sca: ScaReport): string {
  return `SCA build ${sca.build} of "${sca.project}"`;
}

/**
 * ProGet's verdict as the release gate reads it: a noncompliant (or unanalysed) build stops the step unless
 * `on-noncompliant: warn` — never `on-error: warn`, since a verdict is no outage.
 */
function verdictPart(sca: ScaReport, done: string): Part {
  const verdict = sca.verdict!;
  const page = sca.viewBuildUrl ? ` (${sca.viewBuildUrl})` : '';
  if (verdict.judgement === 'not-analysed') {
    const what = `${done}, but ProGet did not analyse the build${page}: the gate cannot pass it`;
    return {
      message: what,
      headline: `${done}, but ProGet did not analyse the build.`,
      level: 'fail',
      gate: true,
    };
  }
  if (verdict.blocks) {
    const what = `${done}, but ProGet judged it ${verdict.said}${page}`;
    return {
      message: what,
      headline: `${done}, but ProGet judged it noncompliant.`,
      level: 'fail',
      gate: true,
    };
  }
  const said = `${done}; ProGet's verdict: ${verdict.said}.`;
  return { message: said, headline: said, level: verdict.warns ? 'warn' : 'ok' };
}

function scaPart(facts: VerdictFacts, sca: ScaReport | undefined): Part {
  if (!sca) return { level: 'ok' };
  const build = buildName(sca);
  if (facts.dryRun) {
    const message =
      sca.kind === 'audit'
        ? `Dry run: ${build} would be audited; nothing was sent.`
        : `Dry run: ${build} would be promoted to "${sca.stage}"; nothing was sent.`;
    return { message, headline: message, level: 'ok' };
  }
  const components = sca.sbom?.components;
  const sbom = sca.sbom ? ` with its SBOM (${components} component${components === 1 ? '' : 's'})` : '';
  const done = sca.kind === 'audit' ? `Audited ${build}` : `Promoted ${build}${sbom} to "${sca.stage}"`;
  const failed = failedScaStep(sca);
  const why = failed?.error ? `: ${failed.error.describe()}` : '';
  if (!failed || failed.step === 'issues' || failed.step === 'comment') {
    const part = sca.verdict
      ? verdictPart(sca, done)
      : { message: `${done}.`, headline: `${done}.`, level: 'ok' as const };
    if (!failed) return part;
    // What ProGet did was done: said so, and the missing listing or comment is a warning on top.
    // A bug of this tool that lost them is never let pass.
    const missing = failed.step === 'issues' ? 'its issues could not be listed' : 'its comment was not added';
    const bug = failed.error?.kind === 'bug';
    return {
      ...part,
      message: `${(part.message ?? '').replace(/\.$/, '')}, but ${missing}${why}`,
      headline: `${(part.headline ?? '').replace(/\.$/, '')}, but ${missing}.`,
      level: part.level === 'fail' || bug ? 'fail' : 'warn',
      ...(bug ? { errors: [...(part.errors ?? []), failed.error!] } : {}),
    };
  }
  const what =
    sca.kind === 'audit'
      ? `${build} not audited (${failed.step} step failed)`
      : `${build} not promoted to "${sca.stage}" (${failed.step} step failed)`;
  return {
    headline: `${what}.`,
    message: `${what}${why}`,
    level: 'fail',
    errors: failed.error ? [failed.error] : [],
  };
}

function promotionsPart(facts: VerdictFacts, promotions: PromotionsReport | undefined): Part {
  if (!promotions || facts.dryRun) return { level: 'ok' };
  const to = `"${promotions.toFeed}"`;
  const count = (outcome: PromotionResult['outcome']) =>
    promotions.results.filter((r) => r.outcome === outcome);
  const failed = count('failed');
  const promoted = count('promoted').length;
  const already = count('already-promoted').length;
  const skipped = count('skipped').length;
  const done = [
    promoted ? `promoted ${plural(promoted, 'package version')} to ${to}` : '',
    already ? `${plural(already, 'version')} already there` : '',
    skipped ? `${plural(skipped, 'package version')} not promoted to ${to}` : '',
  ].filter(Boolean);
  if (failed.length === 0) {
    const said = done.length ? `${done.join(', ').replace(/^./, (c) => c.toUpperCase())}.` : undefined;
    return { ...(said ? { message: said, headline: said } : {}), level: 'ok' };
  }
  const first = failed[0]!;
  const what = `${failed.length} of ${plural(promotions.results.length, 'package version')} not promoted to ${to}`;
  return {
    headline: `${what}.`,
    message: `${what}: ${first.group ? `${first.group}/` : ''}${first.name}@${first.version}: ${first.error?.describe() ?? 'failed'}`,
    level: 'fail',
    errors: failed.flatMap((r) => (r.error ? [r.error] : [])),
  };
}

/**
 * The outcome. A failing part fails the step unless it is forgiven: ProGet's verdict by `on-noncompliant: warn`,
 * anything else by `on-error: warn` only when every error may heal by itself (never a bug, a refused key, a
 * missing feed…). A warning part, or a forgiven failure, makes a successful step a warning.
 */
export function decide(
  facts: VerdictFacts,
  results: BatchResults,
  sca: ScaReport | undefined,
  promotions?: PromotionsReport,
): Pick<RunReport, 'outcome' | 'message' | 'headline' | 'stoppedByVerdict' | 'forgiven'> {
  const parts = [recordsPart(facts, results), scaPart(facts, sca), promotionsPart(facts, promotions)];
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
