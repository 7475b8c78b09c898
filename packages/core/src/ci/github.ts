import { optional } from '../inputs/parse.js';
import type { ContextDefaults } from '../plan/plan.js';

/**
 * What a GitHub Actions run says about itself through the runner's environment. The job's environment name
 * is not among it (GitHub does not expose it to steps): the action looks it up through the REST API.
 */
export function githubContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const server = optional(env.GITHUB_SERVER_URL) ?? 'https://github.com';
  const repo = optional(env.GITHUB_REPOSITORY);
  const runId = optional(env.GITHUB_RUN_ID);
  const attempt = optional(env.GITHUB_RUN_ATTEMPT);
  const workflow = optional(env.GITHUB_WORKFLOW);
  const runNumber = optional(env.GITHUB_RUN_NUMBER);
  const sha = optional(env.GITHUB_SHA)?.slice(0, 7);
  // Starting from GITHUB_SERVER_URL keeps the link right on GitHub Enterprise Server; the attempt segment
  // points at this very re-run rather than the first attempt.
  const url =
    repo && runId
      ? `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`
      : undefined;
  const parts = [
    workflow ? `workflow "${workflow}"` : 'a GitHub Actions workflow',
    runNumber ? `run #${runNumber}${attempt && attempt !== '1' ? ` (attempt ${attempt})` : ''}` : undefined,
    repo ? `of ${repo}` : undefined,
    sha ? `at ${sha}` : undefined,
  ].filter(Boolean);
  return {
    application: 'GitHub Actions',
    description: `Deployed by ${parts.join(' ')}`,
    user: optional(env.GITHUB_ACTOR),
    url,
  };
}
