import type { Redactor } from '../redact.js';
import type { ScaReport, ScaStepResult } from './sca-run.js';

/** The `sca` output of every front end: one JSON object saying what became of the build and each step. */
export interface ScaOutput {
  project: string;
  build: string;
  stage: string;
  /** The build's page in ProGet (BuildInfo.viewBuildUrl), once ProGet has answered with it. */
  url?: string;
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

export function scaOutput(sca: ScaReport, redactor: Redactor): ScaOutput {
  return redactor.redactDeep({
    project: sca.project,
    build: sca.build,
    stage: sca.stage,
    ...(sca.viewBuildUrl ? { url: sca.viewBuildUrl } : {}),
    ...(sca.analysis ? { analysis: sca.analysis } : {}),
    ...(sca.sbom ? { sbom: sca.sbom } : {}),
    steps: sca.steps.map((s) => ({
      step: s.step,
      outcome: s.outcome,
      attempts: s.attempts,
      request: s.request,
      ...(s.error ? { error: s.error.describe() } : {}),
    })),
  });
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

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The SCA section of the step summary: the build, a link to its page, one row per step. */
export function scaMarkdown(sca: ScaReport, redactor: Redactor): string[] {
  const output = scaOutput(sca, redactor);
  const link = output.url ? ` — [view the build in ProGet](${output.url})` : '';
  const analysis = output.analysis ? ` ProGet's analysis: ${cell(output.analysis)}.` : '';
  return [
    `#### SCA build ${cell(output.build)} of ${cell(output.project)} → ${cell(output.stage)}${link}`,
    ...(analysis ? ['', analysis.trim()] : []),
    '',
    '| Step | Outcome |',
    '| --- | --- |',
    ...output.steps.map(
      (s) => `| ${STEP_LABEL[s.step]} | ${OUTCOME_LABEL[s.outcome]}${s.error ? `: ${cell(s.error)}` : ''} |`,
    ),
  ];
}

/** The SCA lines of the plain-text table: each step's fate, not why (the verdict says that, once). */
export function scaText(sca: ScaReport, redactor: Redactor): string[] {
  const output = scaOutput(sca, redactor);
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
