import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { fetchThrough } from './github-fetch.js';
import type { GitHubApi } from './platform.js';

const LookupOctokit = Octokit.plugin(paginateRest);

/** The user agent, with the run's orchestration ID as the toolkit adds it, so GitHub can tie the calls to the run. */
function userAgent(env: NodeJS.ProcessEnv): string {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim().replace(/[^a-z0-9_.-]/gi, '_');
  return `proget-deploy-github-action${id ? ` actions_orchestration_id/${id}` : ''}`;
}

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

/**
 * The REST calls of the environment lookup, through Octokit on Node's own HTTP client (github-fetch.ts): the
 * runner's proxy settings (HTTPS_PROXY, NO_PROXY) apply, and no second client library is bundled.
 */
export function createGitHubApi(token: string, baseUrl: string, timeoutMs: number): GitHubApi {
  const octokit = new LookupOctokit({
    auth: token,
    baseUrl,
    userAgent: userAgent(process.env),
    request: { fetch: fetchThrough(process.env) },
  });
  // Octokit waits for ever by default, and paginate() drops a per-call `request.signal`: a hook bounds every
  // request, so a hung API cannot hold the job.
  octokit.hook.before('request', (options) => {
    options.request = { ...options.request, signal: AbortSignal.timeout(timeoutMs) };
  });
  return {
    listJobs: ({ owner, repo, runId, attempt }) =>
      answered(
        octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', {
          owner,
          repo,
          run_id: runId,
          attempt_number: attempt,
          per_page: 100,
        }),
      ),
    // Newest first, and GitHub made this job's deployment moments ago: the first page is enough.
    listDeployments: async (owner, repo, sha) =>
      (
        await answered(
          octokit.request('GET /repos/{owner}/{repo}/deployments', { owner, repo, sha, per_page: 100 }),
        )
      ).data.map(({ id, environment }) => ({ id: Number(id), environment })),
    listDeploymentStatuses: async (owner, repo, deploymentId) =>
      (
        await answered(
          octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            owner,
            repo,
            deployment_id: deploymentId,
            per_page: 100,
          }),
        )
      ).data,
  };
}
