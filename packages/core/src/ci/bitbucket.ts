import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, shortSha, targetsFrom } from './context-helpers.js';

/**
 * A Bitbucket Pipelines step. Pipelines run only on Bitbucket Cloud, so the result page is on bitbucket.org.
 * No variable names the user (BITBUCKET_STEP_TRIGGERER_UUID is an account UUID, not a name), so ProGet
 * records the key's user unless one is given. Steps with `deployment:` set BITBUCKET_DEPLOYMENT_ENVIRONMENT.
 */
export function bitbucketContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const build = v('BITBUCKET_BUILD_NUMBER');
  const repo = v('BITBUCKET_REPO_FULL_NAME');
  const sha = shortSha(v('BITBUCKET_COMMIT'));
  return {
    application: 'Bitbucket Pipelines',
    description: deployedBy(
      build ? `pipeline #${build}` : 'a Bitbucket pipeline',
      repo && `of ${repo}`,
      sha && `at ${sha}`,
    ),
    url:
      repo && build
        ? `https://bitbucket.org/${repo}/pipelines/results/${encodeURIComponent(build)}`
        : undefined,
    targets: targetsFrom(v('BITBUCKET_DEPLOYMENT_ENVIRONMENT')),
    targetHint: 'or give the step a `deployment:` environment (BITBUCKET_DEPLOYMENT_ENVIRONMENT)',
  };
}
