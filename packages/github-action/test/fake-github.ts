import type { Deployment, DeploymentStatus, GitHubApi, RunRef, WorkflowJob } from '../src/platform';
import { RUN_ENV } from './fake-platform';

/** What GitHub's REST API knows about a run: its attempt's jobs, deployments by sha, statuses by deployment. */
export interface GitHubData {
  jobs: WorkflowJob[];
  deployments: Record<string, Deployment[]>;
  statuses: Record<number, DeploymentStatus[]>;
}

export const SHA = RUN_ENV.GITHUB_SHA!;
const jobUrl = (jobId: number) => `https://github.com/acme/shop/actions/runs/4242/job/${jobId}`;

/**
 * Run 4242, attempt 2: this step's job `deploy` (id 555, on runner "GitHub Actions 7") deploys to staging;
 * `deploy-prod`, running at the same time on another runner, deploys to production; `build` is done; job 5550
 * of the first attempt deployed to "old" (ours is a prefix of its id: a sloppy match would pick it).
 */
export function stagingRun(): GitHubData {
  return {
    jobs: [
      { id: 550, name: 'build', status: 'completed', runner_name: 'GitHub Actions 3', head_sha: SHA },
      { id: 555, name: 'deploy', status: 'in_progress', runner_name: 'GitHub Actions 7', head_sha: SHA },
      {
        id: 556,
        name: 'Deploy to production',
        status: 'in_progress',
        runner_name: 'GitHub Actions 9',
        head_sha: SHA,
      },
    ],
    deployments: {
      [SHA]: [
        { id: 9003, environment: 'production' },
        { id: 9002, environment: 'staging' },
        { id: 9001, environment: 'old' },
      ],
    },
    statuses: {
      9003: [{ log_url: jobUrl(556), target_url: jobUrl(556) }],
      9002: [
        { log_url: jobUrl(555), target_url: jobUrl(555) },
        { log_url: jobUrl(555), target_url: jobUrl(555) },
      ],
      9001: [{ log_url: jobUrl(5550), target_url: jobUrl(5550) }],
    },
  };
}

export interface FakeGitHub extends GitHubApi {
  requests: string[];
}

/** The REST lookup faked; `fail` throws for one of the three calls, like Octokit's RequestError. */
export function fakeGitHub(
  data: GitHubData,
  fail: Partial<Record<'jobs' | 'deployments' | 'statuses', Error>> = {},
): FakeGitHub {
  const requests: string[] = [];
  return {
    requests,
    async listJobs(run: RunRef) {
      requests.push(`jobs ${run.owner}/${run.repo} run ${run.runId} attempt ${run.attempt}`);
      if (fail.jobs) throw fail.jobs;
      return data.jobs;
    },
    async listDeployments(owner, repo, sha) {
      requests.push(`deployments ${owner}/${repo} ${sha}`);
      if (fail.deployments) throw fail.deployments;
      return data.deployments[sha] ?? [];
    },
    async listDeploymentStatuses(owner, repo, id) {
      requests.push(`statuses ${owner}/${repo} ${id}`);
      if (fail.statuses) throw fail.statuses;
      return data.statuses[id] ?? [];
    },
  };
}
