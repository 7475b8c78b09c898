// The SCA model behind /api/sca/*: projects, their builds (with a stage, packages and comments), the
// instance's stages, and the verdict each build's analysis gives (see sca-analysis.ts). Documented in
// https://docs.inedo.com/docs/proget/api/sca; shapes follow pgutil's BuildInfo, BuildComment and
// BuildAnalysisResults (Inedo/pgutil, Inedo.ProGet/*.cs).
import {
  makeAnalysis,
  validateAnalysisInput,
  validateAnalysisPreset,
  VERDICT_STATUS,
  type BuildAnalysisResults,
  type ScaAnalysis,
  type ScaAnalysisInput,
  type ScaAnalysisPreset,
} from './sca-analysis.js';

/** ProGet's stages out of the box, as its docs on builds and stages name them. */
export const DEFAULT_SCA_STAGES: readonly string[] = ['Build', 'Integration', 'Test', 'Production'];

export interface EmulatorScaOptions {
  /** Projects that exist from the start. */
  projects?: string[];
  /** The stages builds may be promoted to; default DEFAULT_SCA_STAGES. */
  stages?: string[];
  /**
   * Keys the SCA API accepts (system keys with "Manage Builds & Projects", or personal keys whose user has
   * Projects_Manage). Any other key gets 403, as a feed API key does in ProGet. Empty or absent: the SCA API
   * accepts the same keys as the rest of the emulator.
   */
  apiKeys?: string[];
  /**
   * Verdicts set in advance, by project and version (the build need not exist yet). A build without one is
   * compliant, with no issues.
   */
  analyses?: ScaAnalysisPreset[];
}

export interface ScaPackage {
  purl?: string;
  group?: string;
  name: string;
  version?: string;
}

export interface ScaComment {
  number: number;
  by?: string;
  date: string;
  comment: string;
}

export interface ScaBuild {
  id: number;
  version: string;
  active: boolean;
  url?: string;
  stage?: string;
  created: string;
  /** The components of the SBOMs imported into the build, latest import wins. */
  packages: ScaPackage[];
  comments: ScaComment[];
  /** Stages the build was promoted to, in order. */
  promotions: string[];
  /** How many SBOM documents were imported into it. */
  sboms: number;
  /** The answer of its last promote-build or audit-build. */
  lastAnalysis?: BuildAnalysisResults;
}

export interface ScaProject {
  id: number;
  name: string;
  builds: ScaBuild[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A verdict set for a build, with the names it was set under. */
export interface ScaAnalysisEntry extends ScaAnalysis {
  project: string;
  version: string;
}

export class ScaStore {
  readonly projects: ScaProject[] = [];
  stages: string[];
  readonly apiKeys: readonly string[];
  private nextId = 1;
  /** By analysisKey(project, version). */
  private readonly analyses = new Map<string, ScaAnalysisEntry>();

  constructor(
    private readonly options: EmulatorScaOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    (options.analyses ?? []).forEach((preset, i) => validateAnalysisPreset(preset, `sca.analyses[${i}]`));
    this.stages = [...(options.stages ?? DEFAULT_SCA_STAGES)];
    this.apiKeys = [...(options.apiKeys ?? [])];
    this.reset();
  }

  /** Back to the configured projects, stages and verdicts, with no builds. */
  reset(): void {
    this.projects.length = 0;
    this.stages = [...(this.options.stages ?? DEFAULT_SCA_STAGES)];
    for (const name of this.options.projects ?? []) this.ensureProject(name);
    this.analyses.clear();
    for (const { project, version, ...input } of this.options.analyses ?? []) {
      this.setAnalysis(project, version, input);
    }
  }

  /**
   * Sets the verdict the build's analyses give, and its issues (numbered from 1, unresolved unless marked),
   * replacing any set before. Throws a TypeError for an invalid input.
   */
  setAnalysis(project: string, version: string, input: ScaAnalysisInput): ScaAnalysisEntry {
    validateAnalysisInput(input);
    const entry: ScaAnalysisEntry = {
      project: project.trim(),
      version: version.trim(),
      ...makeAnalysis(input, project.trim(), version.trim(), new Date(this.now()).toISOString()),
    };
    this.analyses.set(analysisKey(project, version), entry);
    return entry;
  }

  /** The verdict set for the build, or undefined (the build is then compliant, with no issues). */
  analysisSet(project: string, version: string): ScaAnalysisEntry | undefined {
    return this.analyses.get(analysisKey(project, version));
  }

  /** The build's analysis: the verdict set for it, else compliant with no issues. */
  analysis(project: string, version: string): ScaAnalysis {
    return this.analysisSet(project, version) ?? { verdict: 'compliant', issues: [] };
  }

  /** Forgets the verdict set for the build (it is compliant again). */
  clearAnalysis(project: string, version: string): boolean {
    return this.analyses.delete(analysisKey(project, version));
  }

  /** Every verdict set, in the order set. */
  listAnalyses(): ScaAnalysisEntry[] {
    return [...this.analyses.values()];
  }

  /** The build with this id, with its project. */
  buildById(id: number): { project: ScaProject; build: ScaBuild } | undefined {
    for (const project of this.projects) {
      const build = project.builds.find((b) => b.id === id);
      if (build) return { project, build };
    }
    return undefined;
  }

  // Names are matched without regard to case: a guess (ProGet's database collation is case-insensitive by
  // default, and its UI treats "Web" and "web" as one project); no document says so.
  project(name: string): ScaProject | undefined {
    return this.projects.find((p) => same(p.name, name));
  }

  ensureProject(name: string): ScaProject {
    const existing = this.project(name);
    if (existing) return existing;
    const created: ScaProject = { id: this.nextId++, name, builds: [] };
    this.projects.push(created);
    return created;
  }

  stage(name: string): string | undefined {
    return this.stages.find((s) => same(s, name));
  }

  build(project: ScaProject, version: string): ScaBuild | undefined {
    return project.builds.find((b) => b.version === version);
  }

  ensureBuild(project: ScaProject, version: string): ScaBuild {
    const existing = this.build(project, version);
    if (existing) return existing;
    const created: ScaBuild = {
      id: this.nextId++,
      version,
      active: true,
      created: new Date().toISOString(),
      packages: [],
      comments: [],
      promotions: [],
      sboms: 0,
    };
    project.builds.push(created);
    return created;
  }
}

/** Project names match without regard to case (as above), versions exactly. */
function analysisKey(project: string, version: string): string {
  return `${project.trim().toLowerCase()}\u0000${version.trim()}`;
}

/** A package's purl as the build lists it. */
export function packagePurl(p: ScaPackage): string {
  return p.purl ?? `pkg:generic/${p.group ? `${p.group}/` : ''}${p.name}${p.version ? `@${p.version}` : ''}`;
}

/** The build's page in ProGet; the docs' example: http://proget.corp.local/projects2/builds/build?buildId=3 */
export function buildPagePath(build: ScaBuild): string {
  return `/projects2/builds/build?buildId=${build.id}`;
}

/**
 * The build's issues page. GUESS: no BuildInfo example in the current docs has viewIssuesUrl; the path is
 * the one ProGet's "Issues Opened on Build" notification links to
 * (https://docs.inedo.com/docs/proget/administration/proget-notifications-webhooks/proget-notifications-custom-webhook).
 */
export function issuesPagePath(build: ScaBuild): string {
  return `/projects/build/issues?projectBuildId=${build.id}`;
}

/**
 * A BuildInfo as ProGet answers it (camelCase, as pgutil reads it; `project` and `viewIssuesUrl` as the
 * docs' older BuildInfo example shows them). A package with an unresolved issue takes the verdict's status
 * (Warn, Noncompliant, Inconclusive) as its compliance result, and its V issues as vulnerabilities.
 */
export function buildInfo(
  origin: string,
  project: ScaProject,
  build: ScaBuild,
  analysis: ScaAnalysis,
): Record<string, unknown> {
  const flagged =
    analysis.verdict === 'warn' || analysis.verdict === 'noncompliant' || analysis.verdict === 'inconclusive';
  return {
    project: project.name,
    version: build.version,
    active: build.active,
    ...(build.url ? { url: build.url } : {}),
    viewBuildUrl: `${origin}${buildPagePath(build)}`,
    viewIssuesUrl: `${origin}${issuesPagePath(build)}`,
    created: build.created,
    ...(build.stage ? { stage: build.stage } : {}),
    comments: build.comments,
    packages: build.packages.map((p) => {
      const purl = packagePurl(p);
      const issues = flagged ? analysis.issues.filter((i) => !i.resolved && i.purl === purl) : [];
      const compliance =
        issues.length > 0 && analysis.verdict !== 'not-analysed' && analysis.verdict !== 'compliant'
          ? {
              result: VERDICT_STATUS[analysis.verdict].text,
              detail: issues.map((i) => i.detail).join(' '),
              date: build.lastAnalysis?.lastAnalyzedDate ?? build.created,
            }
          : { result: 'Compliant', date: build.created };
      return {
        purl,
        licenses: [],
        compliance,
        vulnerabilities: issues
          .filter((i) => i.vulnerability)
          .map((i) => ({ id: i.vulnerability, title: i.detail })),
      };
    }),
  };
}
