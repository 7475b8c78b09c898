import { failedScaStep, type ScaReport } from '../sca/run-sca.js';
import type { Part, VerdictFacts } from './verdict.js';

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

/** The SCA build's part of the verdict: what ProGet did with it, and its verdict as the release gate reads it. */
export function scaPart(facts: VerdictFacts, sca: ScaReport): Part {
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
