import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink, shortSha, targetsFrom } from './context-helpers.js';

/**
 * A Buildkite job. BUILDKITE_BUILD_CREATOR is a display name (the commit author for webhook builds).
 * Builds started by a GitHub deployment carry its environment in BUILDKITE_GITHUB_DEPLOYMENT_ENVIRONMENT.
 */
export function buildkiteContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const pipeline = v('BUILDKITE_PIPELINE_SLUG');
  const build = v('BUILDKITE_BUILD_NUMBER');
  const step = v('BUILDKITE_LABEL');
  const sha = shortSha(v('BUILDKITE_COMMIT'));
  return {
    application: 'Buildkite',
    description: deployedBy(
      pipeline ? `pipeline "${pipeline}"` : 'a Buildkite pipeline',
      build && `build #${build}`,
      step && `step "${step}"`,
      sha && `at ${sha}`,
    ),
    user: v('BUILDKITE_BUILD_CREATOR'),
    url: httpLink(v('BUILDKITE_BUILD_URL')),
    targets: targetsFrom(v('BUILDKITE_GITHUB_DEPLOYMENT_ENVIRONMENT')),
  };
}
