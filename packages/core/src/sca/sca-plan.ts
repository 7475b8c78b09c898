import { InvalidInputError } from '../errors.js';
import type { InputNames } from '../input-names.js';
import { optional } from '../inputs.js';
import type { PackageSpec } from '../package-spec.js';
import { readSbom, type SbomDocument } from './sbom.js';

/**
 * What to do in ProGet's SCA (Builds & Projects, ProGet 2024+): make sure the build exists, import its SBOM,
 * promote it to a stage and say in a comment who deployed it where.
 */
export interface ScaPlan {
  project: string;
  /** The build number ProGet calls `version` in its API. */
  build: string;
  stage: string;
  sbom?: SbomDocument;
  /** The build comment, fixed before anything is sent so a dry run shows it. */
  comment: string;
  /** The comment's author (ProGet's `by`), when the run knows who deployed. */
  by?: string;
  /** The run's link, stored as the build's URL. */
  url?: string;
}

export interface ScaInputs {
  scaProject?: string;
  scaBuild?: string;
  scaStage?: string;
  sbom?: string;
}

export interface ScaContext {
  packages: readonly PackageSpec[];
  targets: readonly string[];
  application: string;
  user?: string;
  url?: string;
  workingDirectory: string;
}

function deployedComment(where: string, context: ScaContext): string {
  const who = context.user ? ` by ${context.user}` : '';
  const link = context.url ? `: ${context.url}` : '';
  return `Deployed to ${where}${who} with ${context.application}${link}`;
}

/** The SCA part of a plan, or undefined when no SCA project is set. Bad input throws before any request. */
export function resolveSca(raw: ScaInputs, names: InputNames, context: ScaContext): ScaPlan | undefined {
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
  const stage = optional(raw.scaStage) ?? (context.targets.length === 1 ? context.targets[0] : undefined);
  if (!stage) {
    const why =
      context.targets.length === 0
        ? 'there is no target to take it from'
        : `${context.targets.length} targets were given (${context.targets.join(', ')}), so the stage is not clear`;
    throw new InvalidInputError(
      `${names.scaStage} is required: the stage to promote build ${build} of "${project}" to, e.g. Production; ${why}`,
    );
  }
  if (sbom) checkSbomNames(sbom, sbomFile!, project, build, names);
  const where = context.targets.length > 0 ? context.targets.join(', ') : stage;
  return {
    project,
    build,
    stage,
    ...(sbom ? { sbom } : {}),
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
