import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink, shortSha } from './context-helpers.js';

/**
 * A CircleCI job. CircleCI has no deployment environment variable, so the target must be given.
 * CIRCLE_USERNAME is the VCS user who triggered the pipeline.
 */
export function circleciContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const job = v('CIRCLE_JOB');
  const number = v('CIRCLE_BUILD_NUM');
  const owner = v('CIRCLE_PROJECT_USERNAME');
  const repo = v('CIRCLE_PROJECT_REPONAME');
  const sha = shortSha(v('CIRCLE_SHA1'));
  return {
    application: 'CircleCI',
    description: deployedBy(
      job ? `job "${job}"` : 'a CircleCI job',
      number && `#${number}`,
      repo && `of ${owner ? `${owner}/` : ''}${repo}`,
      sha && `at ${sha}`,
    ),
    user: v('CIRCLE_USERNAME'),
    url: httpLink(v('CIRCLE_BUILD_URL')),
    targets: [],
  };
}
