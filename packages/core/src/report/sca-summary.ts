import type { TextGuard } from '../output/sink.js';
import type { ScaReport, ScaStepResult } from '../sca/run-sca.js';
import { md, mdLink } from './markdown.js';

/** The `sca` output of every front end: one JSON object saying what became of the build and each step. */
export interface ScaOutput {
  project: string;
  build: string;
  stage: string;
  /** The build's page in ProGet (BuildInfo.viewBuildUrl), once ProGet has answered with it. */
  url?: string;
  /** ProGet's verdict after the promotion (BuildAnalysisResults.statusText). */
  analysis?: string;
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
  return guarded(
    {
      project: sca.project,
      build: sca.build,
      stage: sca.stage,
      ...(sca.viewBuildUrl ? { url: sca.viewBuildUrl } : {}),
      ...(sca.analysis?.statusText ? { analysis: sca.analysis.statusText } : {}),
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
  build: 'Create or update the build',
  sbom: 'Import the SBOM',
  promote: 'Promote to the stage',
  comment: 'Comment on the build',
};

const OUTCOME_LABEL: Record<ScaStepResult['outcome'], string> = {
  done: '✅ done',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  'dry-run': '🔍 dry run',
};

/**
 * The SCA section of the step summary: the build, a link to its page (only when ProGet's answer points at the
 * ProGet server itself), one row per step.
 */
export function scaMarkdown(sca: ScaReport, guard: TextGuard, server: string): string[] {
  const output = scaOutput(sca, guard);
  const link = output.url ? ` — ${mdLink('view the build in ProGet', output.url, { onOrigin: server })}` : '';
  return [
    `#### SCA build ${md(output.build)} of ${md(output.project)} → ${md(output.stage)}${link}`,
    ...(output.analysis ? ['', `ProGet's analysis: ${md(output.analysis)}.`] : []),
    '',
    '| Step | Outcome |',
    '| --- | --- |',
    ...output.steps.map(
      (s) => `| ${STEP_LABEL[s.step]} | ${OUTCOME_LABEL[s.outcome]}${s.error ? `: ${md(s.error)}` : ''} |`,
    ),
  ];
}

/** The SCA lines of the plain-text table: each step's fate, not why (the verdict says that, once). */
export function scaText(sca: ScaReport, guard: TextGuard): string[] {
  const output = scaOutput(sca, guard);
  const width = Math.max(...output.steps.map((s) => s.step.length));
  return [
    `SCA build ${output.build} of "${output.project}" → stage "${output.stage}"${output.url ? `: ${output.url}` : ''}`,
    ...output.steps.map(
      (s) => `  ${s.step.padEnd(width)}  ${s.outcome}${s.outcome === 'dry-run' ? `  ${s.request}` : ''}`,
    ),
    ...(output.analysis ? [`  ProGet's analysis: ${output.analysis}`] : []),
    // A failed step's error is told once, in the run's verdict; the table only marks it failed.
  ];
}
