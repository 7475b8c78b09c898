// The verdict ProGet gives a build when it analyses it (promote-build, audit-build), and the issues behind it.
// Shapes follow pgutil: BuildAnalysisResults {lastAnalyzedDate, statusCode, statusText, issueCount,
// unresolvedIssueCount, totalPackages} and BuildIssue {number, created, detail, purl, resolved}
// (Inedo/pgutil, Inedo.ProGet/BuildAnalysisResults.cs, BuildIssue.cs); the List Issues page showed `type` and
// `vulnerability` until January 2026 (Inedo/inedo-docs, Content/proget/api/sca/issues/list.md). Status codes:
// pgutil's `builds promote` and `builds audit` (pgutil/Builds/PromoteCommand.cs, AuditCommand.cs) read C, W, N
// and I. The docs ("Builds & Projects", https://docs.inedo.com/docs/proget/sca/builds): a build is compliant,
// noncompliant or warn, or inconclusive; "an Issue for each noncompliant or inconclusive package" is created;
// an issue can be resolved. The emulator does not analyse packages: a test sets the verdict. Guesses:
// - GUESS: the status texts Compliant, Warn, Noncompliant, Inconclusive (the docs' words; "Noncompliant" is in
//   the Audit Build page's example), and "Not analyzed" for a build ProGet did not analyse;
// - GUESS: a build not analysed answers lastAnalyzedDate, statusCode and the counts as null (pgutil only
//   checks that lastAnalyzedDate has a value) with statusText "Not analyzed" (pgutil requires statusText);
// - GUESS: resolving every issue leaves statusCode N (pgutil treats N with no unresolved issue as passing);
// - GUESS: a noncompliant or inconclusive verdict set without an issues list gets one unresolved issue, so
//   that pgutil's gate (N with unresolved issues) fails as it would on a real noncompliant build;
// - GUESS: each issue carries pgutil's fields and the older page's `type` and `vulnerability`.

export const SCA_VERDICTS = ['compliant', 'warn', 'noncompliant', 'inconclusive', 'not-analysed'] as const;
export type ScaVerdict = (typeof SCA_VERDICTS)[number];

/** statusCode and statusText of each analysed verdict. */
export const VERDICT_STATUS: Record<Exclude<ScaVerdict, 'not-analysed'>, { code: string; text: string }> = {
  compliant: { code: 'C', text: 'Compliant' },
  warn: { code: 'W', text: 'Warn' },
  noncompliant: { code: 'N', text: 'Noncompliant' },
  inconclusive: { code: 'I', text: 'Inconclusive' },
};
export const NOT_ANALYZED_TEXT = 'Not analyzed';

/** An issue as a test describes it. */
export interface ScaIssueInput {
  /** One capital letter: L license, V vulnerability (others exist). Default: V with a vulnerability, else L. */
  type?: string;
  /** The package the issue is about, e.g. pkg:npm/lodash@4.17.20. */
  purl: string;
  /** The vulnerability's id for a V issue, e.g. CVE-2021-23337. */
  vulnerability?: string;
  /** ProGet's reason text; default "because of Vulnerability (ID)." or "No license detected.". */
  detail?: string;
  /** Default false. */
  resolved?: boolean;
}

/** What a build's analysis answers. */
export interface ScaAnalysisInput {
  verdict: ScaVerdict;
  /**
   * The build's issues. Omitted with noncompliant or inconclusive: one unresolved issue (license, purl
   * pkg:generic/PROJECT@VERSION). [] means none.
   */
  issues?: ScaIssueInput[];
}

/** A verdict set in advance for a build (which need not exist yet), by project and version. */
export interface ScaAnalysisPreset extends ScaAnalysisInput {
  project: string;
  version: string;
}

/** An issue as the API lists it. */
export interface ScaIssue {
  number: number;
  created: string;
  type: string;
  detail: string;
  purl: string;
  vulnerability?: string;
  resolved: boolean;
}

export interface ScaAnalysis {
  verdict: ScaVerdict;
  issues: ScaIssue[];
}

/** pgutil's BuildAnalysisResults. */
export interface BuildAnalysisResults {
  lastAnalyzedDate: string | null;
  statusCode: string | null;
  statusText: string;
  issueCount: number | null;
  unresolvedIssueCount: number | null;
  totalPackages: number | null;
}

const ISSUE_KEYS = ['type', 'purl', 'vulnerability', 'detail', 'resolved'];

/** Throws a TypeError naming the first invalid field, so a typo in a test's setup fails loudly. */
export function validateAnalysisInput(value: unknown, where = 'analysis'): asserts value is ScaAnalysisInput {
  checkAnalysis(value, where, ['verdict', 'issues']);
}

/** Likewise for a preset, which also names its project and version. */
export function validateAnalysisPreset(value: unknown, where = 'preset'): asserts value is ScaAnalysisPreset {
  checkAnalysis(value, where, ['project', 'version', 'verdict', 'issues']);
  const { project, version } = value as Record<string, unknown>;
  for (const [key, field] of [
    ['project', project],
    ['version', version],
  ] as const) {
    if (typeof field !== 'string' || !field.trim()) throw new TypeError(`${where}.${key} is required`);
  }
}

function checkAnalysis(value: unknown, where: string, keys: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be an object like {"verdict": "noncompliant", "issues": [...]}`);
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!keys.includes(key)) throw new TypeError(`${where}: unknown property "${key}"`);
  }
  if (!(SCA_VERDICTS as readonly unknown[]).includes(input.verdict)) {
    throw new TypeError(`${where}.verdict must be one of ${SCA_VERDICTS.join(', ')}`);
  }
  if (input.issues === undefined) return;
  if (!Array.isArray(input.issues)) throw new TypeError(`${where}.issues must be an array`);
  input.issues.forEach((issue: unknown, i) => {
    const at = `${where}.issues[${i}]`;
    if (typeof issue !== 'object' || issue === null || Array.isArray(issue)) {
      throw new TypeError(
        `${at} must be an object like {"type": "V", "purl": "pkg:npm/x@1", "vulnerability": "CVE-…"}`,
      );
    }
    const fields = issue as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!ISSUE_KEYS.includes(key)) throw new TypeError(`${at}: unknown property "${key}"`);
    }
    if (typeof fields.purl !== 'string' || !fields.purl.trim()) throw new TypeError(`${at}.purl is required`);
    if (fields.type !== undefined && (typeof fields.type !== 'string' || !/^[A-Z]$/.test(fields.type))) {
      throw new TypeError(`${at}.type must be one capital letter (L license, V vulnerability, …)`);
    }
    for (const key of ['vulnerability', 'detail']) {
      if (fields[key] !== undefined && typeof fields[key] !== 'string') {
        throw new TypeError(`${at}.${key} must be a string`);
      }
    }
    if (fields.resolved !== undefined && typeof fields.resolved !== 'boolean') {
      throw new TypeError(`${at}.resolved must be a boolean`);
    }
  });
}

/** Numbers the issues (from 1) and fills in their defaults. */
export function makeAnalysis(
  input: ScaAnalysisInput,
  project: string,
  version: string,
  created: string,
): ScaAnalysis {
  const inputs =
    input.issues ??
    (input.verdict === 'noncompliant' || input.verdict === 'inconclusive'
      ? [{ type: 'L', purl: `pkg:generic/${project}@${version}` }]
      : []);
  return {
    verdict: input.verdict,
    issues: inputs.map((issue, i) => {
      const type = issue.type ?? (issue.vulnerability ? 'V' : 'L');
      return {
        number: i + 1,
        created,
        type,
        detail:
          issue.detail ??
          (issue.vulnerability
            ? `because of Vulnerability (${issue.vulnerability}).`
            : 'No license detected.'),
        purl: issue.purl.trim(),
        ...(issue.vulnerability ? { vulnerability: issue.vulnerability } : {}),
        resolved: issue.resolved ?? false,
      };
    }),
  };
}

/** The answer of promote-build and audit-build for a build with `analysis` and `totalPackages` packages. */
export function analysisResults(
  analysis: ScaAnalysis,
  totalPackages: number,
  analyzedAt: string,
): BuildAnalysisResults {
  if (analysis.verdict === 'not-analysed') {
    return {
      lastAnalyzedDate: null,
      statusCode: null,
      statusText: NOT_ANALYZED_TEXT,
      issueCount: null,
      unresolvedIssueCount: null,
      totalPackages: null,
    };
  }
  const status = VERDICT_STATUS[analysis.verdict];
  return {
    lastAnalyzedDate: analyzedAt,
    statusCode: status.code,
    statusText: status.text,
    issueCount: analysis.issues.length,
    unresolvedIssueCount: analysis.issues.filter((issue) => !issue.resolved).length,
    totalPackages,
  };
}
