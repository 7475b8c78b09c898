import type { ContextDefaults } from '../plan/plan.js';
import { azureContext, azureVariablesFromEnv } from './azure.js';
import { bitbucketContext } from './bitbucket.js';
import { buildkiteContext } from './buildkite.js';
import { circleciContext } from './circleci.js';
import { envReader } from './context-helpers.js';
import { droneContext } from './drone.js';
import { githubContext } from './github.js';
import { gitlabContext } from './gitlab.js';
import { jenkinsContext } from './jenkins.js';
import { teamcityContext } from './teamcity.js';

export type CiId =
  'github' | 'azure' | 'gitlab' | 'circleci' | 'bitbucket' | 'buildkite' | 'teamcity' | 'drone' | 'jenkins';

export interface DetectedCi {
  id: CiId;
  name: string;
  context: ContextDefaults;
}

interface CiProbe {
  id: CiId;
  name: string;
  /** The variable that gives the CI away, as the help and the README name it. */
  marker: string;
  detect: (env: NodeJS.ProcessEnv) => boolean;
  context: (env: NodeJS.ProcessEnv) => ContextDefaults;
}

const set = (name: string) => (env: NodeJS.ProcessEnv) => envReader(env)(name) !== undefined;

/**
 * In order: each CI's own marker variable. Jenkins comes last because its variables (BUILD_NUMBER,
 * BUILD_URL) are generic enough that other CIs and Jenkins-compatible tools set them too.
 */
const PROBES: readonly CiProbe[] = [
  {
    id: 'github',
    name: 'GitHub Actions',
    marker: 'GITHUB_ACTIONS',
    detect: (env) => env.GITHUB_ACTIONS === 'true',
    context: githubContext,
  },
  {
    id: 'azure',
    name: 'Azure Pipelines',
    marker: 'TF_BUILD',
    detect: set('TF_BUILD'),
    context: (env) => azureContext(azureVariablesFromEnv(env)),
  },
  {
    id: 'gitlab',
    name: 'GitLab CI/CD',
    marker: 'GITLAB_CI',
    detect: set('GITLAB_CI'),
    context: gitlabContext,
  },
  { id: 'circleci', name: 'CircleCI', marker: 'CIRCLECI', detect: set('CIRCLECI'), context: circleciContext },
  {
    id: 'bitbucket',
    name: 'Bitbucket Pipelines',
    marker: 'BITBUCKET_BUILD_NUMBER',
    detect: set('BITBUCKET_BUILD_NUMBER'),
    context: bitbucketContext,
  },
  {
    id: 'buildkite',
    name: 'Buildkite',
    marker: 'BUILDKITE',
    detect: set('BUILDKITE'),
    context: buildkiteContext,
  },
  {
    id: 'teamcity',
    name: 'TeamCity',
    marker: 'TEAMCITY_VERSION',
    detect: set('TEAMCITY_VERSION'),
    context: teamcityContext,
  },
  {
    id: 'drone',
    name: 'Drone',
    marker: 'DRONE',
    detect: (env) => env.DRONE === 'true',
    context: droneContext,
  },
  {
    id: 'jenkins',
    name: 'Jenkins',
    marker: 'JENKINS_URL',
    // JENKINS_URL is only set once the Jenkins URL is configured; JENKINS_HOME with a build number covers the rest.
    detect: (env) => set('JENKINS_URL')(env) || (set('JENKINS_HOME')(env) && set('BUILD_NUMBER')(env)),
    context: jenkinsContext,
  },
];

/** The CIs detectCi recognises, with the variable each is recognised by. */
export function detectableCis(): { id: CiId; name: string; marker: string }[] {
  return PROBES.map(({ id, name, marker }) => ({ id, name, marker }));
}

/** Which CI this process runs in, and what its environment says about the deployment; undefined at a terminal. */
export function detectCi(env: NodeJS.ProcessEnv): DetectedCi | undefined {
  const probe = PROBES.find((p) => p.detect(env));
  return probe && { id: probe.id, name: probe.name, context: probe.context(env) };
}
