import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink, targetsFrom } from './context-helpers.js';

/**
 * A GitLab CI/CD job. CI_ENVIRONMENT_NAME is set only for jobs that declare an `environment:`, which is
 * exactly the deployment jobs; GITLAB_USER_LOGIN is whoever started the pipeline (or the job, when run by hand).
 */
export function gitlabContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const job = v('CI_JOB_NAME');
  const pipeline = v('CI_PIPELINE_ID');
  const project = v('CI_PROJECT_PATH');
  const sha = v('CI_COMMIT_SHORT_SHA');
  return {
    application: 'GitLab CI/CD',
    description: deployedBy(
      job ? `job "${job}"` : 'a GitLab CI/CD job',
      pipeline && `of pipeline #${pipeline}`,
      project && `in ${project}`,
      sha && `at ${sha}`,
    ),
    user: v('GITLAB_USER_LOGIN'),
    url: httpLink(v('CI_JOB_URL')),
    targets: targetsFrom(v('CI_ENVIRONMENT_NAME')),
    targetHint: 'or give the job an `environment:` (GitLab then sets CI_ENVIRONMENT_NAME)',
  };
}
