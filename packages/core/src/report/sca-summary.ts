import type { TextGuard } from '../output/sink.js';
import type { BuildIssue } from '../proget/sca-api.js';
import type { ScaReport, ScaStepResult } from '../sca/run-sca.js';
import { md, mdLink } from './markdown.js';

/** Issues shown in a log, a summary or an output; the rest are counted ("and 12 more") and on the build's page. */
export const SHOWN_ISSUES = 20;

/** The `sca` output of every front end: one JSON object saying what became of the build and each step. */
export interface ScaOutput {
  kind: ScaReport['kind'];
  project: string;
  build: string;
  stage?: string;
  /** The build's page in ProGet (BuildInfo.viewBuildUrl), once ProGet has answered with it. */
  url?: string;
  /** ProGet's verdict after the promotion or the audit (BuildAnalysisResults.statusText). */
  analysis?: string;
  /** ProGet's verdict as it answered it, and how the gate read it. */
  verdict?: {
    statusCode?: string;
    statusText?: string;
    issueCount?: number;
    unresolvedIssueCount?: number;
    totalPackages?: number;
    lastAnalyzedDate?: string;
    judgement: string;
    blocks: boolean;
  };
  /** The unresolved issues behind a noncompliant verdict, at most SHOWN_ISSUES of them. */
  issues?: BuildIssue[];
  /** How many more unresolved issues there are than `issues` lists. */
  moreIssues?: number;
  sbom?: { file: string; components: number };
  steps: {
    step: ScaStepResult['step'];
    outcome: ScaStepResult['outcome'];
    attempts: number;
    request: string;
    error?: string;
  }[];
}

/** Every string of a JSON-like value made safe, its shape unchanged. */
export function guarded<T>(value: T, guard: TextGuard): T {
  if (typeof value === 'string') return guard.safe(value) as T;
  if (Array.isArray(value)) return value.map((item) => guarded(item, guard)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, guarded(v, guard)]),
    ) as T;
  }
  return value;
}

export function scaOutput(sca: ScaReport, guard: TextGuard): ScaOutput {
  const issues = sca.issues ?? [];
  return guarded(
    {
      kind: sca.kind,
      project: sca.project,
      build: sca.build,
      ...(sca.stage ? { stage: sca.stage } : {}),
      ...(sca.viewBuildUrl ? { url: sca.viewBuildUrl } : {}),
      ...(sca.analysis?.statusText ? { analysis: sca.analysis.statusText } : {}),
      ...(sca.analysis && sca.verdict
        ? { verdict: { ...sca.analysis, judgement: sca.verdict.judgement, blocks: sca.verdict.blocks } }
        : {}),
      ...(sca.issues ? { issues: issues.slice(0, SHOWN_ISSUES) } : {}),
      ...(issues.length > SHOWN_ISSUES ? { moreIssues: issues.length - SHOWN_ISSUES } : {}),
      ...(sca.sbom ? { sbom: sca.sbom } : {}),
      steps: sca.steps.map((s) => ({
        step: s.step,
        outcome: s.outcome,
        attempts: s.attempts,
        request: s.request,
        ...(s.error ? { error: s.error.describe() } : {}),
      })),
    },
    guard,
  );
}

const STEP_LABEL: Record<ScaStepResult['step'], string> = {
  find: 'Find the build',
  build: 'Create or update the build',
  sbom: 'Import the SBOM',
  promote: 'Promote to the stage',
  audit: 'Audit the build',
  issues: 'List the unresolved issues',
  comment: 'Comment on the build',
};

const OUTCOME_LABEL: Record<ScaStepResult['outcome'], string> = {
  done: '✅ done',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  'dry-run': '🔍 dry run',
};

/** One issue on one line: `#12 V pkg:npm/lodash@4.17.20 CVE-2021-23337`. */
export function issueLine(issue: BuildIssue): string {
  return [`#${issue.number}`, issue.type, issue.purl, issue.vulnerability ?? issue.detail]
    .filter(Boolean)
    .join(' ');
}

/** The issue lines a report shows, and the count of the rest. */
function shownIssues(output: ScaOutput): string[] {
  const lines = (output.issues ?? []).map(issueLine);
  return output.moreIssues ? [...lines, `and ${output.moreIssues} more`] : lines;
}

/**
 * The SCA section of the step summary: the build, a link to its page (only when ProGet's answer points at the
 * ProGet server itself), ProGet's verdict and the issues behind it, one row per step.
 */
export function scaMarkdown(sca: ScaReport, guard: TextGuard, server: string): string[] {
  const output = scaOutput(sca, guard);
  const link = output.url ? ` — ${mdLink('view the build in ProGet', output.url, { onOrigin: server })}` : '';
  const heading =
    output.kind === 'audit'
      ? `#### Audit of SCA build ${md(output.build)} of ${md(output.project)}${link}`
      : `#### SCA build ${md(output.build)} of ${md(output.project)} → ${md(output.stage ?? '')}${link}`;
  const verdict = sca.verdict ? [`ProGet's verdict: **${md(sca.verdict.said)}**.`] : [];
  const issues = shownIssues(output);
  return [
    heading,
    ...(verdict.length ? ['', ...verdict] : []),
    ...(issues.length ? ['', ...issues.map((line) => `- ${md(line)}`)] : []),
    '',
    '| Step | Outcome |',
    '| --- | --- |',
    ...output.steps.map(
      (s) => `| ${STEP_LABEL[s.step]} | ${OUTCOME_LABEL[s.outcome]}${s.error ? `: ${md(s.error)}` : ''} |`,
    ),
  ];
}

/** The SCA lines of the plain-text table: each step's fate, ProGet's verdict and its issues (why a step failed is the verdict's to say). */
export function scaText(sca: ScaReport, guard: TextGuard): string[] {
  const output = scaOutput(sca, guard);
  const width = Math.max(...output.steps.map((s) => s.step.length));
  const where = output.kind === 'audit' ? ' (audit)' : ` → stage "${output.stage}"`;
  return [
    `SCA build ${output.build} of "${output.project}"${where}${output.url ? `: ${output.url}` : ''}`,
    ...output.steps.map(
      (s) => `  ${s.step.padEnd(width)}  ${s.outcome}${s.outcome === 'dry-run' ? `  ${s.request}` : ''}`,
    ),
    ...(sca.verdict ? [`  ProGet's verdict: ${guard.safe(sca.verdict.said)}`] : []),
    ...shownIssues(output).map((line) => `    ${line}`),
  ];
}
