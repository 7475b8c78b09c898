import type { BuildAnalysis } from '../proget/sca-api.js';

/**
 * ProGet's verdict on a build, as its release gate reads it. pgutil's `builds promote` and `builds audit`
 * (Inedo/pgutil, pgutil/Builds/PromoteCommand.cs, AuditCommand.cs) fail when the status is `N` with unresolved
 * issues, or when the build was not analysed (no lastAnalyzedDate); `N` with every issue resolved, `W` and `I`
 * pass. This tool reads it the same way, and warns on `W` and `I`.
 */
export type Judgement =
  | 'compliant'
  /** `N`, but every issue is resolved. */
  | 'resolved'
  | 'warn'
  | 'inconclusive'
  | 'noncompliant'
  | 'not-analysed'
  /** A status code this tool does not know: passed on, with a warning. */
  | 'unknown';

export interface Verdict {
  judgement: Judgement;
  /** The gate stops the step (unless `on-noncompliant: warn`). */
  blocks: boolean;
  /** Worth a warning even when it passes. */
  warns: boolean;
  /** As a sentence's end: "compliant", "noncompliant: 3 unresolved issues (of 5)"… */
  said: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function judge(analysis: BuildAnalysis): Verdict {
  const text = analysis.statusText ?? analysis.statusCode ?? 'unknown';
  if (!analysis.lastAnalyzedDate) {
    return {
      judgement: 'not-analysed',
      blocks: true,
      warns: false,
      said: 'not analysed: ProGet did not analyse the build',
    };
  }
  const unresolved = analysis.unresolvedIssueCount ?? 0;
  const issues = analysis.issueCount ?? unresolved;
  switch (analysis.statusCode?.toUpperCase()) {
    case 'C':
      return { judgement: 'compliant', blocks: false, warns: false, said: text };
    case 'N':
      return unresolved > 0
        ? {
            judgement: 'noncompliant',
            blocks: true,
            warns: false,
            said: `${text}: ${plural(unresolved, 'unresolved issue')}${issues > unresolved ? ` (of ${issues})` : ''}`,
          }
        : { judgement: 'resolved', blocks: false, warns: false, said: `${text}, every issue resolved` };
    case 'W':
      return { judgement: 'warn', blocks: false, warns: true, said: text };
    case 'I':
      return { judgement: 'inconclusive', blocks: false, warns: true, said: text };
    default:
      return {
        judgement: 'unknown',
        blocks: false,
        warns: true,
        said: `${text} (a verdict this tool does not know)`,
      };
  }
}
