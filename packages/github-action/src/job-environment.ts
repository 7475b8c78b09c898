import {
  AuthError,
  DeploymentError,
  GITHUB_INPUT_NAMES,
  INPUT_CATALOGUE,
  InvalidInputError,
  NetworkError,
  ServerError,
  optional,
} from '@proget-deploy/core';
import type { DeploymentStatus, GitHubApi, RunRef, WorkflowJob } from './platform.js';

/**
 * GitHub tells a step nothing about its job's `environment:` (actions/runner#1369), but it creates a
 * deployment for such a job, and that deployment's statuses link to the job (`…/actions/runs/RUN/job/JOB`).
 * So: find this job among the run attempt's jobs, then the deployment whose statuses name it.
 */

/** The token for the REST API lookup of the job's environment; GitHub-only, so not among core's names. */
export const GITHUB_TOKEN_INPUT = INPUT_CATALOGUE.githubToken.github;

/** The way out of every lookup failure: a target given is a lookup skipped. */
const SKIP_LOOKUP = `set the \`${GITHUB_INPUT_NAMES.target}\` input to where the package was deployed, which skips this lookup`;

const REMEDY = `give the job \`permissions: { actions: read, deployments: read }\`, or ${SKIP_LOOKUP}`;

type Step = { doing: string; permission: string };
const LIST_JOBS: Step = { doing: "listing this run's jobs", permission: 'actions: read' };
const LIST_DEPLOYMENTS: Step = {
  doing: "listing this commit's deployments",
  permission: 'deployments: read',
};
const LIST_STATUSES: Step = { doing: "listing a deployment's statuses", permission: 'deployments: read' };

function runRef(env: NodeJS.ProcessEnv): RunRef {
  const [owner, repo] = (optional(env.GITHUB_REPOSITORY) ?? '').split('/');
  const runId = Number(env.GITHUB_RUN_ID);
  if (!owner || !repo || !Number.isInteger(runId) || runId <= 0) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: GITHUB_REPOSITORY and GITHUB_RUN_ID are not set, so the job's environment cannot be looked up — set ${GITHUB_INPUT_NAMES.target}`,
    );
  }
  return { owner, repo, runId, attempt: Number(env.GITHUB_RUN_ATTEMPT) || 1 };
}

/** An error and the errors it wraps (Octokit's own and the seam's wrap what the fetch threw). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
}

/** Turns a REST failure into core's error family: permissions always fail, outages are `on-error`'s to judge. */
function lookupError(error: unknown, step: Step): DeploymentError {
  const status = (error as { status?: unknown }).status;
  const said = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (causes(error).some((cause) => (cause as { oversized?: boolean }).oversized)) {
    return new ServerError(
      `cannot look up the job's environment: the answer to ${step.doing} was ${said}, and no page of GitHub's is that large`,
      { hint: `check GITHUB_API_URL (and a proxy in between), or ${SKIP_LOOKUP}` },
    );
  }
  const what = `cannot look up the job's environment: GitHub answered ${typeof status === 'number' ? `HTTP ${status}` : 'nothing'} to ${step.doing} (${said})`;
  if (typeof status !== 'number') {
    return new NetworkError(what, {
      hint: `check GITHUB_API_URL and the runner's proxy settings, or ${SKIP_LOOKUP}`,
    });
  }
  if (status === 401) {
    return new AuthError(what, {
      status,
      hint: `the \`${GITHUB_TOKEN_INPUT}\` input is not a valid token; ${REMEDY}`,
    });
  }
  if ((status === 403 || status === 404) && !/rate limit/i.test(said)) {
    return new AuthError(what, { status, hint: `the token lacks \`${step.permission}\`: ${REMEDY}` });
  }
  return new ServerError(what, { status, hint: `try again later, or ${SKIP_LOOKUP}` });
}

async function ask<T>(step: Step, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw lookupError(error, step);
  }
}

/** Keeps the jobs that pass a test, unless none would be left (a field GitHub left empty proves nothing). */
function narrow(jobs: WorkflowJob[], test: (job: WorkflowJob) => boolean): WorkflowJob[] {
  const kept = jobs.filter(test);
  return kept.length > 0 ? kept : jobs;
}

/**
 * GITHUB_JOB is the job's key; the API has its display name: the key itself, `key (matrix values)`, a custom
 * `name:`, or `caller / key` inside a reusable workflow.
 */
function displayedAs(name: string, key: string): boolean {
  return (
    name === key || name.startsWith(`${key} (`) || name.endsWith(` / ${key}`) || name.includes(` / ${key} (`)
  );
}

/** The jobs that may be this one: running now, on this runner, under this key — as far as each one tells. */
export function currentJobs(jobs: WorkflowJob[], env: NodeJS.ProcessEnv): WorkflowJob[] {
  const runner = optional(env.RUNNER_NAME);
  const key = optional(env.GITHUB_JOB);
  let candidates = jobs.filter((job) => job.status === 'in_progress');
  if (runner) candidates = narrow(candidates, (job) => job.runner_name === runner);
  if (key) candidates = narrow(candidates, (job) => displayedAs(job.name, key));
  return candidates;
}

function namesJob(status: DeploymentStatus, runId: number, jobId: number): boolean {
  const link = new RegExp(`/actions/runs/${runId}/jobs?/${jobId}(?![0-9])`);
  return [status.log_url, status.target_url].some((url) => typeof url === 'string' && link.test(url));
}

export async function findJobEnvironment(
  api: GitHubApi,
  env: NodeJS.ProcessEnv,
  debug: (message: string) => void,
): Promise<string> {
  const run = runRef(env);
  // GITHUB_SHA is known before the jobs are: its deployments are asked for at the same time, which saves one
  // round trip to GitHub on every lookup. A failure of the jobs call is still the one reported.
  const sha = optional(env.GITHUB_SHA);
  const listingJobs = ask(LIST_JOBS, () => api.listJobs(run));
  const early = sha ? ask(LIST_DEPLOYMENTS, () => api.listDeployments(run.owner, run.repo, sha)) : undefined;
  // Awaited below, or dropped when the jobs call fails first: its failure must not count as unhandled meanwhile.
  early?.catch(() => {});
  const jobs = await listingJobs;
  const candidates = currentJobs(jobs, env);
  debug(
    `Run ${run.runId} attempt ${run.attempt}: ${jobs.length} job(s); this one is among ${candidates.map((j) => `${j.id} "${j.name}"`).join(', ') || 'none'}`,
  );
  if (candidates.length === 0) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: none of the ${jobs.length} job(s) of run ${run.runId} attempt ${run.attempt} is in progress, so this job's environment cannot be found — set ${GITHUB_INPUT_NAMES.target}`,
    );
  }
  // A pull request's run deploys its head commit, while GITHUB_SHA is the merge commit: ask for both.
  const shas = [
    ...new Set([sha, ...candidates.map((j) => j.head_sha)].filter((s): s is string => Boolean(s))),
  ];
  const found = new Map<number, string>();
  search: for (const commit of shas) {
    const deployments =
      commit === sha && early
        ? await early
        : await ask(LIST_DEPLOYMENTS, () => api.listDeployments(run.owner, run.repo, commit));
    for (const deployment of deployments) {
      const statuses = await ask(LIST_STATUSES, () =>
        api.listDeploymentStatuses(run.owner, run.repo, deployment.id),
      );
      for (const job of candidates) {
        if (!found.has(job.id) && statuses.some((s) => namesJob(s, run.runId, job.id))) {
          debug(`Deployment ${deployment.id} to "${deployment.environment}" belongs to job ${job.id}`);
          found.set(job.id, deployment.environment);
        }
      }
      if (found.size === candidates.length) break search;
    }
  }
  const environments = [...new Set(found.values())];
  if (environments.length === 1) return environments[0]!;
  if (environments.length === 0) {
    throw new InvalidInputError(
      `no ${GITHUB_INPUT_NAMES.target}: no deployment of this commit links to this job (job ${candidates.map((j) => j.id).join(' or ')} of run ${run.runId}), so its environment is unknown — give the job an \`environment:\`, or set ${GITHUB_INPUT_NAMES.target}`,
    );
  }
  throw new InvalidInputError(
    `no ${GITHUB_INPUT_NAMES.target}: ${candidates.length} jobs running now could be this one and they deploy to ${environments.map((e) => `"${e}"`).join(', ')} — set ${GITHUB_INPUT_NAMES.target}`,
  );
}
