import { azureContext, azureVariablesFromEnv } from '../src/ci/azure.js';
import { githubContext } from '../src/ci/github.js';

const GITHUB_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_SHA: 'abcdef1234567890abcdef1234567890abcdef12',
  GITHUB_ACTOR: 'octocat',
};

describe('githubContext', () => {
  it('describes the run, links to this attempt and names the actor', () => {
    expect(githubContext(GITHUB_ENV)).toEqual({
      application: 'GitHub Actions',
      description: 'Deployed by workflow "Deploy" run #42 (attempt 2) of acme/web at abcdef1',
      user: 'octocat',
      url: 'https://github.com/acme/web/actions/runs/9876543210/attempts/2',
    });
  });

  it('does not mention a first attempt in the description, but links to it', () => {
    const context = githubContext({ ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '1' });
    expect(context.description).toBe('Deployed by workflow "Deploy" run #42 of acme/web at abcdef1');
    expect(context.url).toBe('https://github.com/acme/web/actions/runs/9876543210/attempts/1');
  });

  it('links to the run itself when the attempt is unknown', () => {
    expect(githubContext({ ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: undefined }).url).toBe(
      'https://github.com/acme/web/actions/runs/9876543210',
    );
  });

  it('links to a GitHub Enterprise Server, with or without a trailing slash', () => {
    for (const server of ['https://ghes.corp.example', 'https://ghes.corp.example/']) {
      expect(githubContext({ ...GITHUB_ENV, GITHUB_SERVER_URL: server }).url).toBe(
        'https://ghes.corp.example/acme/web/actions/runs/9876543210/attempts/2',
      );
    }
  });

  it('still says where the deployment came from outside a full runner environment', () => {
    expect(githubContext({})).toEqual({
      application: 'GitHub Actions',
      description: 'Deployed by a GitHub Actions workflow',
      user: undefined,
      url: undefined,
    });
    expect(githubContext({ GITHUB_RUN_ID: '1', GITHUB_ACTOR: ' ' })).toMatchObject({
      url: undefined,
      user: undefined,
    });
  });

  it('offers no target: the job environment is not in the runner environment', () => {
    expect(githubContext(GITHUB_ENV).targets).toBeUndefined();
  });
});

/** A pipeline's variables by their dotted names, as task-lib's getVariable reads them. */
function variables(values: Record<string, string>) {
  return (name: string): string | undefined => values[name];
}

const YAML_DEPLOYMENT_JOB = {
  'System.CollectionUri': 'https://dev.azure.com/contoso/',
  'System.TeamProject': 'Web Shop',
  'Build.BuildId': '1234',
  'Build.BuildNumber': '20261125.3',
  'Build.DefinitionName': 'web-cd',
  'Build.RequestedFor': 'Ada Lovelace',
  'Environment.Name': 'production',
};

const CLASSIC_RELEASE = {
  'System.CollectionUri': 'https://dev.azure.com/contoso/',
  'System.TeamProject': 'Web Shop',
  'Build.BuildId': '1234',
  'Build.RequestedFor': 'Build Service',
  'Release.ReleaseId': '77',
  'Release.ReleaseName': 'Release-77',
  'Release.DefinitionName': 'web-release',
  'Release.RequestedFor': 'Grace Hopper',
  'Release.ReleaseWebURL': 'https://dev.azure.com/contoso/Web%20Shop/_release?releaseId=77',
  'Release.EnvironmentName': 'Stage 2',
};

const TARGET_HINT =
  'or run this task in a deployment job (Environment.Name) or a classic release stage (Release.EnvironmentName)';

describe('azureContext', () => {
  it('reads a YAML deployment job: requester, build results link, environment', () => {
    expect(azureContext(variables(YAML_DEPLOYMENT_JOB))).toEqual({
      application: 'Azure Pipelines',
      description: 'Deployed by pipeline "web-cd" build 20261125.3',
      user: 'Ada Lovelace',
      url: 'https://dev.azure.com/contoso/Web%20Shop/_build/results?buildId=1234',
      targets: ['production'],
      targetHint: TARGET_HINT,
    });
  });

  it('joins an on-premises collection URL without a trailing slash', () => {
    const context = azureContext(
      variables({
        ...YAML_DEPLOYMENT_JOB,
        'System.CollectionUri': 'https://tfs.corp.example/tfs/DefaultCollection',
      }),
    );
    expect(context.url).toBe(
      'https://tfs.corp.example/tfs/DefaultCollection/Web%20Shop/_build/results?buildId=1234',
    );
  });

  it('reads a classic release: its requester, its link and its stage', () => {
    expect(azureContext(variables(CLASSIC_RELEASE))).toEqual({
      application: 'Azure Pipelines',
      description: 'Deployed by release "web-release" Release-77',
      user: 'Grace Hopper',
      url: 'https://dev.azure.com/contoso/Web%20Shop/_release?releaseId=77',
      targets: ['Stage 2'],
      targetHint: TARGET_HINT,
    });
  });

  it('falls back to the build requester and link in a release that lacks its own', () => {
    const context = azureContext(
      variables({ ...CLASSIC_RELEASE, 'Release.RequestedFor': '', 'Release.ReleaseWebURL': ' ' }),
    );
    expect(context.user).toBe('Build Service');
    expect(context.url).toBe('https://dev.azure.com/contoso/Web%20Shop/_build/results?buildId=1234');
  });

  it('offers no target in a plain build job, and no link without the build id', () => {
    const context = azureContext(
      variables({ ...YAML_DEPLOYMENT_JOB, 'Environment.Name': '', 'Build.BuildId': '' }),
    );
    expect(context.targets).toEqual([]);
    expect(context.url).toBeUndefined();
  });

  it('still describes the run when the pipeline names are missing', () => {
    expect(azureContext(variables({})).description).toBe('Deployed by pipeline');
  });
});

describe('azureVariablesFromEnv', () => {
  it('reads a dotted variable from its upper-cased, underscored environment variable', () => {
    const read = azureVariablesFromEnv({ BUILD_BUILDID: '1234', SYSTEM_TEAMPROJECT: 'Web Shop' });
    expect(read('Build.BuildId')).toBe('1234');
    expect(read('System.TeamProject')).toBe('Web Shop');
    expect(read('Environment.Name')).toBeUndefined();
  });

  it('gives azureContext the same picture as the task library would', () => {
    const env = Object.fromEntries(
      Object.entries(YAML_DEPLOYMENT_JOB).map(([name, value]) => [
        name.toUpperCase().replace(/\./g, '_'),
        value,
      ]),
    );
    expect(env.ENVIRONMENT_NAME).toBe('production');
    expect(azureContext(azureVariablesFromEnv(env))).toEqual(azureContext(variables(YAML_DEPLOYMENT_JOB)));
  });
});
