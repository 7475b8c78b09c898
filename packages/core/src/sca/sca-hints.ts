import type { DeploymentError } from '../errors.js';
import type { InputNames } from '../inputs/names.js';
import { licenceRemedy, withConnectionHint } from '../inputs/remedies.js';

/**
 * The SCA steps of a run, in the order they are sent: each needs the one before it to have worked. A
 * deployment's: build, sbom, promote, issues (only for a noncompliant verdict), comment. An audit's: find (the
 * build, and its page), audit, issues.
 */
export type ScaStepName = 'find' | 'build' | 'sbom' | 'promote' | 'audit' | 'issues' | 'comment';

/** The build a step is about, and the stage a promotion goes to. */
export interface ScaTarget {
  project: string;
  build: string;
  stage?: string;
}

/**
 * Who may use the SCA API, from https://docs.inedo.com/docs/proget/api/sca
 * ("Authenticating to SCA Repository API"): feed API keys are not usable at all.
 */
function keyHint(names: InputNames, hasKey: boolean, step: ScaStepName): string {
  const sbom = step === 'sbom' ? ' (and "Upload SBOM documents" for the SBOM)' : '';
  const start = hasKey
    ? `ProGet's SCA API does not accept feed API keys: set ${names.scaApiKey} to`
    : `ProGet's SCA API needs a key: set ${names.scaApiKey} to`;
  return `${start} a system API key with "Manage Builds & Projects"${sbom}, or a personal API key whose user has Projects_Manage.`;
}

/**
 * The generic HTTP error, with a hint about what this SCA step needs rather than what a feed needs. Statuses
 * per the docs' pages for each endpoint: 403 for a missing or unauthorised key, 404 for an unknown project or
 * build, 400 for invalid input (for promote-build, a stage ProGet does not have).
 */
export function scaError(
  error: DeploymentError,
  step: ScaStepName,
  sca: ScaTarget,
  names: InputNames,
  hasKey: boolean,
): DeploymentError {
  const licensed = licenceRemedy(error, 'SCA builds');
  if (licensed) return licensed;
  const rehint = (message: string, hint: string) => error.retold({ message, hint });
  const { status } = error;
  if (status === 401 || status === 403) return rehint(error.message, keyHint(names, hasKey, step));
  if (status === 404) {
    return rehint(
      `SCA project "${sca.project}"${step === 'build' ? '' : ` or its build ${sca.build}`} not found: ${error.message}`,
      `Create the project in ProGet (Builds & Projects, ProGet 2024 or later) or correct ${names.scaProject}; ${names.server} must be ProGet's root URL.`,
    );
  }
  if (status === 400 && step === 'promote') {
    return rehint(
      `ProGet did not promote build ${sca.build} of "${sca.project}" to stage "${sca.stage}": ${error.message}`,
      `Check that stage "${sca.stage}" exists in ProGet (its default stages are Build, Integration, Test and Production) or set ${names.scaStage}.`,
    );
  }
  if (status === 400 && step === 'sbom') {
    return rehint(
      `ProGet did not import the SBOM: ${error.message}`,
      `ProGet imports CycloneDX SBOMs; check the file given in ${names.sbom}.`,
    );
  }
  if (status === 400) {
    return rehint(error.message, `Check ${names.scaProject} and ${names.scaBuild}.`);
  }
  return withConnectionHint(error, names);
}
