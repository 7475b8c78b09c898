/** A GitLab deployment job's variables, as the runner sets them. */
export const GITLAB_ENV = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_JOB_NAME: 'deploy-production',
  CI_PIPELINE_ID: '987654',
  CI_PROJECT_PATH: 'acme/shop',
  CI_COMMIT_SHORT_SHA: '01234567',
  GITLAB_USER_LOGIN: 'alice',
  CI_JOB_URL: 'https://gitlab.example.com/acme/shop/-/jobs/4242',
  CI_ENVIRONMENT_NAME: 'production',
};
