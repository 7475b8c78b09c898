import { DeploymentError } from '@proget-deploy/core';
import { currentJobs, findJobEnvironment } from '../src/job-environment';
import { RUN_ENV, httpError } from './fake-platform';
import { SHA, fakeGitHub, stagingRun } from './fake-github';

const quiet = () => {};

async function failure(promise: Promise<unknown>): Promise<DeploymentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  return error as DeploymentError;
}

describe('the job environment lookup', () => {
  it("finds this job's deployment among the run's, and stops once it has", async () => {
    const api = fakeGitHub(stagingRun());
    await expect(findJobEnvironment(api, RUN_ENV, quiet)).resolves.toBe('staging');
    expect(api.requests).toEqual([
      'jobs acme/shop run 4242 attempt 2',
      `deployments acme/shop ${SHA}`,
      'statuses acme/shop 9003',
      'statuses acme/shop 9002',
    ]);
  });

  it("asks for GITHUB_SHA's deployments while the jobs are still being listed (one round trip fewer)", async () => {
    const api = fakeGitHub(stagingRun());
    let answerJobs: () => void = () => {};
    const listJobs = api.listJobs.bind(api);
    api.listJobs = (run) => {
      const answer = listJobs(run);
      return new Promise((resolve) => (answerJobs = () => resolve(answer)));
    };
    const lookup = findJobEnvironment(api, RUN_ENV, quiet);
    await new Promise((resolve) => setImmediate(resolve));
    // The jobs have not answered, and the deployments are already asked for.
    expect(api.requests).toEqual(['jobs acme/shop run 4242 attempt 2', `deployments acme/shop ${SHA}`]);
    answerJobs();
    await expect(lookup).resolves.toBe('staging');
    expect(api.requests.filter((r) => r.startsWith('deployments'))).toHaveLength(1);
  });

  it('reports the jobs call failing, not the deployments call that ran beside it, and leaves nothing unhandled', async () => {
    const unhandled: unknown[] = [];
    const collect = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', collect);
    try {
      const api = fakeGitHub(stagingRun(), {
        jobs: httpError(403, 'Resource not accessible by integration'),
        deployments: httpError(502, 'Bad Gateway'),
      });
      const error = await failure(findJobEnvironment(api, RUN_ENV, quiet));
      expect(error.describe()).toContain("HTTP 403 to listing this run's jobs");
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', collect);
    }
  });

  it('tells this job from another running one by the runner name, not the display name', () => {
    const jobs = stagingRun().jobs;
    expect(currentJobs(jobs, RUN_ENV).map((j) => j.id)).toEqual([555]);
    expect(
      currentJobs(jobs, { ...RUN_ENV, RUNNER_NAME: 'GitHub Actions 9', GITHUB_JOB: 'deploy-prod' }).map(
        (j) => j.id,
      ),
    ).toEqual([556]);
  });

  it('without RUNNER_NAME, matches the job key to its display name (matrix and reusable-workflow forms)', () => {
    const running = (name: string, id: number) => ({ id, name, status: 'in_progress', runner_name: null });
    const env = { ...RUN_ENV, RUNNER_NAME: undefined };
    expect(currentJobs([running('deploy (eu, 20)', 1), running('other', 2)], env).map((j) => j.id)).toEqual([
      1,
    ]);
    expect(currentJobs([running('release / deploy', 1), running('other', 2)], env).map((j) => j.id)).toEqual([
      1,
    ]);
    expect(currentJobs([running('deployment', 1), running('deploy', 2)], env).map((j) => j.id)).toEqual([2]);
  });

  it('with a custom job name and no runner name, still resolves when only one running job has a deployment', async () => {
    const data = stagingRun();
    data.jobs = data.jobs.map((j) => (j.id === 555 ? { ...j, name: 'Deploy to staging' } : j));
    data.deployments[SHA] = data.deployments[SHA]!.filter((d) => d.environment !== 'production');
    const api = fakeGitHub(data);
    await expect(findJobEnvironment(api, { ...RUN_ENV, RUNNER_NAME: undefined }, quiet)).resolves.toBe(
      'staging',
    );
  });

  it('refuses to guess between running jobs that deploy to different environments', async () => {
    const data = stagingRun();
    data.jobs = data.jobs.map((j) => ({ ...j, name: `job ${j.id}` }));
    const error = await failure(
      findJobEnvironment(fakeGitHub(data), { ...RUN_ENV, RUNNER_NAME: undefined }, quiet),
    );
    expect(error.kind).toBe('invalid-input');
    expect(error.describe()).toMatch(/"production", "staging" — set target/);
  });

  it('does not take job 5550 for job 555', async () => {
    const data = stagingRun();
    delete data.statuses[9002];
    const error = await failure(findJobEnvironment(fakeGitHub(data), RUN_ENV, quiet));
    expect(error.kind).toBe('invalid-input');
    expect(error.describe()).toContain(
      'no deployment of this commit links to this job (job 555 of run 4242)',
    );
    expect(error.describe()).toContain('set target');
  });

  it("also looks under the job's head sha (a pull request's run has a merge commit in GITHUB_SHA)", async () => {
    const data = stagingRun();
    const head = 'feedfacefeedfacefeedfacefeedfacefeedface';
    data.jobs = data.jobs.map((j) => ({ ...j, head_sha: head }));
    data.deployments = { [head]: data.deployments[SHA]! };
    const api = fakeGitHub(data);
    await expect(findJobEnvironment(api, RUN_ENV, quiet)).resolves.toBe('staging');
    expect(api.requests).toContain(`deployments acme/shop ${head}`);
  });

  it('accepts a status that names the job in target_url only', async () => {
    const data = stagingRun();
    data.statuses[9002] = [
      { log_url: null, target_url: 'https://ghes.example/acme/shop/actions/runs/4242/job/555' },
    ];
    await expect(findJobEnvironment(fakeGitHub(data), RUN_ENV, quiet)).resolves.toBe('staging');
  });

  it('says which permission is missing: actions: read for the jobs', async () => {
    const api = fakeGitHub(stagingRun(), { jobs: httpError(403, 'Resource not accessible by integration') });
    const error = await failure(findJobEnvironment(api, RUN_ENV, quiet));
    expect(error.kind).toBe('auth');
    expect(error.isConfigurationError).toBe(true);
    expect(error.describe()).toContain(
      "HTTP 403 to listing this run's jobs (Resource not accessible by integration)",
    );
    expect(error.describe()).toContain('the token lacks `actions: read`');
    expect(error.describe()).toContain('set the `target` input');
  });

  it('says which permission is missing: deployments: read for the deployments and their statuses', async () => {
    for (const step of ['deployments', 'statuses'] as const) {
      const api = fakeGitHub(stagingRun(), { [step]: httpError(404, 'Not Found') });
      const error = await failure(findJobEnvironment(api, RUN_ENV, quiet));
      expect(error.kind).toBe('auth');
      expect(error.describe()).toContain('HTTP 404');
      expect(error.describe()).toContain('the token lacks `deployments: read`');
    }
  });

  it('names the github-token input when the token itself is refused', async () => {
    const error = await failure(
      findJobEnvironment(
        fakeGitHub(stagingRun(), { jobs: httpError(401, 'Bad credentials') }),
        RUN_ENV,
        quiet,
      ),
    );
    expect(error.kind).toBe('auth');
    expect(error.describe()).toContain('`github-token` input is not a valid token');
  });

  it('treats outages and rate limits as transient, not as a missing permission', async () => {
    const limited = await failure(
      findJobEnvironment(
        fakeGitHub(stagingRun(), { jobs: httpError(403, 'API rate limit exceeded for installation') }),
        RUN_ENV,
        quiet,
      ),
    );
    expect(limited.kind).toBe('server');
    expect(limited.isConfigurationError).toBe(false);
    const down = await failure(
      findJobEnvironment(
        fakeGitHub(stagingRun(), { deployments: new Error('getaddrinfo ENOTFOUND') }),
        RUN_ENV,
        quiet,
      ),
    );
    expect(down.kind).toBe('network');
    expect(down.describe()).toContain('GitHub answered nothing');
  });

  it.each([
    ['a refused token (401)', { jobs: httpError(401, 'Bad credentials') }],
    ['a missing permission (403)', { jobs: httpError(403, 'Resource not accessible by integration') }],
    ['a missing permission (404)', { deployments: httpError(404, 'Not Found') }],
    ['a rate limit', { jobs: httpError(403, 'API rate limit exceeded for installation') }],
    ['an outage (502)', { statuses: httpError(502, 'Bad Gateway') }],
    ['no answer at all', { jobs: new Error('connect ECONNREFUSED 127.0.0.1:1') }],
  ])('says how to skip the lookup after %s: give `target`', async (_what, failures) => {
    const error = await failure(findJobEnvironment(fakeGitHub(stagingRun(), failures), RUN_ENV, quiet));
    expect(error.describe()).toContain(
      'set the `target` input to where the package was deployed, which skips this lookup',
    );
  });

  it('fails clearly outside a run (no GITHUB_REPOSITORY / GITHUB_RUN_ID)', async () => {
    const api = fakeGitHub(stagingRun());
    const error = await failure(findJobEnvironment(api, { GITHUB_SHA: SHA }, quiet));
    expect(error.describe()).toContain('GITHUB_REPOSITORY and GITHUB_RUN_ID are not set');
    expect(api.requests).toEqual([]);
  });

  it('fails when no job of the attempt is in progress', async () => {
    const data = stagingRun();
    data.jobs = data.jobs.map((j) => ({ ...j, status: 'completed' }));
    const error = await failure(findJobEnvironment(fakeGitHub(data), RUN_ENV, quiet));
    expect(error.describe()).toContain('none of the 3 job(s) of run 4242 attempt 2 is in progress');
  });
});
