/**
 * The seam between the action's logic and GitHub's toolkit. Only index.ts and github-api.ts import
 * `@actions/*` (ESM-only, and a runner's process globals); tests hand `runAction` a fake of this.
 */
export interface ActionPlatform {
  /** The runner's environment: GITHUB_* context, RUNNER_NAME. */
  env: NodeJS.ProcessEnv;
  /** An input as the runner passed it (`INPUT_<NAME>`), '' when empty. */
  getInput(name: string): string;
  /** Masks a value in every later line of the job's log. */
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary (the file GITHUB_STEP_SUMMARY names; only called when it is set). */
  writeSummary(markdown: string): Promise<void>;
  debug(message: string): void;
  info(message: string): void;
  /** Annotations: shown on the run's page, with an optional title. */
  warning(message: string, title?: string): void;
  error(message: string, title?: string): void;
  /** Logs the message as an error and makes the step fail. */
  setFailed(message: string): void;
  /**
   * A client of the REST API at `baseUrl`, each call bounded by `timeoutMs`; loaded only when the job's
   * environment must be looked up.
   */
  gitHubApi(token: string, baseUrl: string, timeoutMs: number): Promise<GitHubApi>;
}

/** The few REST API answers the environment lookup reads (fields named as GitHub names them). */
export interface WorkflowJob {
  id: number;
  name: string;
  status: string;
  runner_name?: string | null;
  head_sha?: string;
}

export interface Deployment {
  id: number;
  environment: string;
}

export interface DeploymentStatus {
  log_url?: string | null;
  target_url?: string | null;
}

export interface RunRef {
  owner: string;
  repo: string;
  runId: number;
  attempt: number;
}

/** Failures are thrown as errors carrying the HTTP `status`, as Octokit's RequestError does. */
export interface GitHubApi {
  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs`, every page. */
  listJobs(run: RunRef): Promise<WorkflowJob[]>;
  /** `GET /repos/{owner}/{repo}/deployments?sha=…`, newest first. */
  listDeployments(owner: string, repo: string, sha: string): Promise<Deployment[]>;
  /** `GET /repos/{owner}/{repo}/deployments/{id}/statuses`. */
  listDeploymentStatuses(owner: string, repo: string, deploymentId: number): Promise<DeploymentStatus[]>;
}
