import { getOctokit } from '@actions/github';
import type { GitHubApi } from './platform.js';

/**
 * Octokit reports a request that got no answer (refused, reset, timed out) as status 500. The seam promises
 * a `status` only for what GitHub answered, so such an error loses it.
 */
async function answered<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const failure = error as { status?: number; response?: unknown; message?: string };
    if (failure.status !== undefined && failure.response === undefined) {
      throw new Error(failure.message ?? String(error), { cause: error });
    }
    throw error;
  }
}

/** The REST calls of the environment lookup, through the toolkit's Octokit (it honours the runner's proxy). */
export function createGitHubApi(token: string, baseUrl: string, timeoutMs: number): GitHubApi {
  const octokit = getOctokit(token, { baseUrl, userAgent: 'proget-deploy-github-action' });
  // Octokit waits for ever by default, and paginate() drops a per-call `request.signal`: a hook bounds every
  // request, so a hung API cannot hold the job.
  octokit.hook.before('request', (options) => {
    options.request = { ...options.request, signal: AbortSignal.timeout(timeoutMs) };
  });
  return {
    listJobs: ({ owner, repo, runId, attempt }) =>
      answered(
        octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
          owner,
          repo,
          run_id: runId,
          attempt_number: attempt,
          per_page: 100,
        }),
      ),
    // Newest first, and GitHub made this job's deployment moments ago: the first page is enough.
    listDeployments: async (owner, repo, sha) =>
      (await answered(octokit.rest.repos.listDeployments({ owner, repo, sha, per_page: 100 }))).data,
    listDeploymentStatuses: async (owner, repo, deploymentId) =>
      (
        await answered(
          octokit.rest.repos.listDeploymentStatuses({
            owner,
            repo,
            deployment_id: deploymentId,
            per_page: 100,
          }),
        )
      ).data,
  };
}
