import { InvalidInputError } from '../errors.js';
import type { InputNames } from '../inputs/names.js';
import { optional } from '../inputs/parse.js';
import type { PackageSpec } from '../inputs/package-spec.js';
import { readSbom, type SbomDocument } from '../inputs/sbom.js';

/**
 * What to do in ProGet's SCA (Builds & Projects, ProGet 2024+): make sure the build exists, import its SBOM,
 * promote it to a stage and say in a comment who deployed it where.
 */
export interface ScaPlan {
  readonly project: string;
  /** The build number ProGet calls `version` in its API. */
  readonly build: string;
  readonly stage: string;
  readonly sbom?: SbomDocument;
  /** The build comment, fixed before anything is sent so a dry run shows it. */
  readonly comment: string;
  /** The comment's author (ProGet's `by`), when the run knows who deployed. */
  readonly by?: string;
  /** The run's link, stored as the build's URL. */
  readonly url?: string;
}

/** The SCA inputs, checked: everything but the stage and comment, which may come from the targets. */
export interface ScaInputs {
  readonly project: string;
  readonly build: string;
  /** As given; empty: the single target's name. */
  readonly stage?: string;
  readonly sbom?: SbomDocument;
}

type RawSca = Partial<Record<'scaProject' | 'scaBuild' | 'scaStage' | 'sbom', string>>;

/**
 * The SCA inputs read and checked (the SBOM read and matched against project and build), or undefined when no
 * SCA project is set. Bad input throws before any request.
 */
export function checkScaInputs(
  raw: RawSca,
  names: InputNames,
  context: { packages: readonly PackageSpec[]; workingDirectory: string },
): ScaInputs | undefined {
  const project = optional(raw.scaProject);
  if (!project) {
    const stray = (['scaBuild', 'scaStage', 'sbom'] as const).find((input) => optional(raw[input]));
    if (stray) {
      throw new InvalidInputError(
        `${names[stray]} is set but ${names.scaProject} is not: set ${names.scaProject} to the ProGet SCA project the build belongs to`,
      );
    }
    return undefined;
  }
  const sbomFile = optional(raw.sbom);
  const sbom = sbomFile ? readSbom(sbomFile, names.sbom, context.workingDirectory) : undefined;
  const build = optional(raw.scaBuild) ?? context.packages[0]?.version ?? sbom?.build;
  if (!build) {
    throw new InvalidInputError(
      `${names.scaBuild} is required: the build number of "${project}" to promote (there is no package whose version it could default to)`,
    );
  }
  if (sbom) checkSbomNames(sbom, sbomFile!, project, build, names);
  const stage = optional(raw.scaStage);
  return { project, build, ...(stage ? { stage } : {}), ...(sbom ? { sbom } : {}) };
}

function deployedComment(
  where: string,
  context: { application: string; user?: string; url?: string },
): string {
  const who = context.user ? ` by ${context.user}` : '';
  const link = context.url ? `: ${context.url}` : '';
  return `Deployed to ${where}${who} with ${context.application}${link}`;
}

/** The SCA part of a plan, once the targets are known: the stage (the single target when not given) and the comment. */
export function planSca(
  inputs: ScaInputs,
  names: InputNames,
  context: { targets: readonly string[]; application: string; user?: string; url?: string },
): ScaPlan {
  const { project, build } = inputs;
  const stage = inputs.stage ?? (context.targets.length === 1 ? context.targets[0] : undefined);
  if (!stage) {
    const why =
      context.targets.length === 0
        ? 'there is no target to take it from'
        : `${context.targets.length} targets were given (${context.targets.join(', ')}), so the stage is not clear`;
    throw new InvalidInputError(
      `${names.scaStage} is required: the stage to promote build ${build} of "${project}" to, e.g. Production; ${why}`,
    );
  }
  const where = context.targets.length > 0 ? context.targets.join(', ') : stage;
  return {
    project,
    build,
    stage,
    ...(inputs.sbom ? { sbom: inputs.sbom } : {}),
    comment: deployedComment(where, context),
    ...(context.user ? { by: context.user } : {}),
    ...(context.url ? { url: context.url } : {}),
  };
}

/**
 * ProGet files an imported SBOM under its own metadata.component name and version (see sbom.ts), so an SBOM
 * naming another project or build would land beside the build being promoted, not in it.
 */
function checkSbomNames(
  sbom: SbomDocument,
  file: string,
  project: string,
  build: string,
  names: InputNames,
): void {
  if (!sbom.project || !sbom.build) {
    throw new InvalidInputError(
      `${names.sbom} "${file}" has no metadata.component name and version: ProGet files an imported SBOM under them, so set them to "${project}" and "${build}"`,
    );
  }
  // Project names compared without regard to case, as ProGet's lookups are believed to be (a guess that
  // docs/sca.md lists); build numbers exactly.
  if (sbom.project.toLowerCase() !== project.toLowerCase() || sbom.build !== build) {
    throw new InvalidInputError(
      `${names.sbom} "${file}" describes ${sbom.project} ${sbom.build}, not ${project} ${build}: ProGet files an imported SBOM under its metadata.component name and version; make them match ${names.scaProject} and ${names.scaBuild}`,
    );
  }
}
