// The SCA model behind /api/sca/*: projects, their builds (with a stage, packages and comments) and the
// instance's stages. Documented in https://docs.inedo.com/docs/proget/api/sca; shapes follow pgutil's
// BuildInfo, BuildComment and BuildAnalysisResults (Inedo/pgutil, Inedo.ProGet/*.cs).

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
}

export interface ScaProject {
  id: number;
  name: string;
  builds: ScaBuild[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class ScaStore {
  readonly projects: ScaProject[] = [];
  stages: string[];
  readonly apiKeys: readonly string[];
  private nextId = 1;

  constructor(private readonly options: EmulatorScaOptions = {}) {
    this.stages = [...(options.stages ?? DEFAULT_SCA_STAGES)];
    this.apiKeys = [...(options.apiKeys ?? [])];
    for (const name of options.projects ?? []) this.ensureProject(name);
  }

  /** Back to the configured projects and stages, with no builds. */
  reset(): void {
    this.projects.length = 0;
    this.stages = [...(this.options.stages ?? DEFAULT_SCA_STAGES)];
    for (const name of this.options.projects ?? []) this.ensureProject(name);
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

/** A BuildInfo as ProGet answers it (camelCase, as pgutil reads it). */
export function buildInfo(origin: string, build: ScaBuild): Record<string, unknown> {
  return {
    version: build.version,
    active: build.active,
    ...(build.url ? { url: build.url } : {}),
    // The docs' example: http://proget.corp.local/projects2/builds/build?buildId=3
    viewBuildUrl: `${origin}/projects2/builds/build?buildId=${build.id}`,
    created: build.created,
    ...(build.stage ? { stage: build.stage } : {}),
    comments: build.comments,
    packages: build.packages.map((p) => ({
      purl:
        p.purl ?? `pkg:generic/${p.group ? `${p.group}/` : ''}${p.name}${p.version ? `@${p.version}` : ''}`,
      licenses: [],
      compliance: { result: 'Compliant', date: build.created },
      vulnerabilities: [],
    })),
  };
}
