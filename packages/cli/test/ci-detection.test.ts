// What each CI's own variables make of a deployment record, through the one entry point the CLI uses.
// The variable sets are the ones each CI documents for a job; the expected values are spelled out in full.
import {
  azureContext,
  azureVariablesFromEnv,
  detectCi,
  detectableCis,
  githubContext,
} from '@proget-deploy/core';
import { GITLAB_ENV } from './gitlab-env';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('detectCi', () => {
  it('reads a GitLab deployment job', () => {
    const env = GITLAB_ENV;
    expect(detectCi(env)).toEqual({
      id: 'gitlab',
      name: 'GitLab CI/CD',
      context: {
        application: 'GitLab CI/CD',
        description: 'Deployed by job "deploy-production" of pipeline #987654 in acme/shop at 01234567',
        user: 'alice',
        url: 'https://gitlab.example.com/acme/shop/-/jobs/4242',
        targets: ['production'],
        targetHint: 'or give the job an `environment:` (GitLab then sets CI_ENVIRONMENT_NAME)',
      },
    });
  });

  it('reads a GitLab job without an environment: no target, and a hint where to get one', () => {
    const ci = detectCi({ GITLAB_CI: 'true', CI_JOB_NAME: 'build' });
    expect(ci?.context.targets).toEqual([]);
    expect(ci?.context.description).toBe('Deployed by job "build"');
  });

  it('reads a Jenkins build (user from the Build User Vars plugin)', () => {
    const env = {
      JENKINS_URL: 'https://jenkins.example.com/',
      JOB_NAME: 'shop/deploy',
      BUILD_NUMBER: '57',
      BUILD_URL: 'https://jenkins.example.com/job/shop/job/deploy/57/',
      BUILD_USER_ID: 'bob',
    };
    expect(detectCi(env)).toEqual({
      id: 'jenkins',
      name: 'Jenkins',
      context: {
        application: 'Jenkins',
        description: 'Deployed by job "shop/deploy" build #57',
        user: 'bob',
        url: 'https://jenkins.example.com/job/shop/job/deploy/57/',
        targets: [],
      },
    });
  });

  it('recognises Jenkins without a configured URL by JENKINS_HOME and a build number', () => {
    const ci = detectCi({ JENKINS_HOME: '/var/jenkins_home', BUILD_NUMBER: '3', JOB_NAME: 'deploy' });
    expect(ci?.id).toBe('jenkins');
    expect(ci?.context.url).toBeUndefined();
    expect(ci?.context.user).toBeUndefined();
  });

  it('reads a CircleCI job', () => {
    const env = {
      CI: 'true',
      CIRCLECI: 'true',
      CIRCLE_JOB: 'deploy',
      CIRCLE_BUILD_NUM: '311',
      CIRCLE_PROJECT_USERNAME: 'acme',
      CIRCLE_PROJECT_REPONAME: 'shop',
      CIRCLE_SHA1: SHA,
      CIRCLE_USERNAME: 'carol',
      CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/shop/311',
    };
    expect(detectCi(env)).toEqual({
      id: 'circleci',
      name: 'CircleCI',
      context: {
        application: 'CircleCI',
        description: 'Deployed by job "deploy" #311 of acme/shop at 0123456',
        user: 'carol',
        url: 'https://circleci.com/gh/acme/shop/311',
        targets: [],
      },
    });
  });

  it('reads a Bitbucket Pipelines deployment step (no user name exists, the triggerer is a UUID)', () => {
    const env = {
      CI: 'true',
      BITBUCKET_BUILD_NUMBER: '88',
      BITBUCKET_REPO_FULL_NAME: 'acme/shop',
      BITBUCKET_COMMIT: SHA,
      BITBUCKET_DEPLOYMENT_ENVIRONMENT: 'staging',
      BITBUCKET_STEP_TRIGGERER_UUID: '{3f9a2c1e-0000-4000-8000-000000000001}',
    };
    expect(detectCi(env)).toEqual({
      id: 'bitbucket',
      name: 'Bitbucket Pipelines',
      context: {
        application: 'Bitbucket Pipelines',
        description: 'Deployed by pipeline #88 of acme/shop at 0123456',
        url: 'https://bitbucket.org/acme/shop/pipelines/results/88',
        targets: ['staging'],
        targetHint: 'or give the step a `deployment:` environment (BITBUCKET_DEPLOYMENT_ENVIRONMENT)',
      },
    });
  });

  it('reads a Buildkite job started by a GitHub deployment', () => {
    const env = {
      CI: 'true',
      BUILDKITE: 'true',
      BUILDKITE_PIPELINE_SLUG: 'shop',
      BUILDKITE_BUILD_NUMBER: '1514',
      BUILDKITE_LABEL: ':rocket: Deploy',
      BUILDKITE_COMMIT: SHA,
      BUILDKITE_BUILD_CREATOR: 'Tracy Tester',
      BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/shop/builds/1514',
      BUILDKITE_GITHUB_DEPLOYMENT_ENVIRONMENT: 'production',
    };
    expect(detectCi(env)).toEqual({
      id: 'buildkite',
      name: 'Buildkite',
      context: {
        application: 'Buildkite',
        description: 'Deployed by pipeline "shop" build #1514 step ":rocket: Deploy" at 0123456',
        user: 'Tracy Tester',
        url: 'https://buildkite.com/acme/shop/builds/1514',
        targets: ['production'],
      },
    });
  });

  it('reads a TeamCity build: no user or link in its environment unless the server sets BUILD_URL', () => {
    const env = {
      TEAMCITY_VERSION: '2025.11 (build 208999)',
      TEAMCITY_PROJECT_NAME: 'Shop',
      TEAMCITY_BUILDCONF_NAME: 'Deploy',
      BUILD_NUMBER: '204',
    };
    expect(detectCi(env)).toEqual({
      id: 'teamcity',
      name: 'TeamCity',
      context: {
        application: 'TeamCity',
        description: 'Deployed by build configuration "Shop / Deploy" build #204',
        url: undefined,
        targets: [],
      },
    });
    const withLink = detectCi({
      ...env,
      BUILD_URL: 'https://teamcity.example.com/buildConfiguration/Shop_Deploy/9001',
    });
    expect(withLink?.context.url).toBe('https://teamcity.example.com/buildConfiguration/Shop_Deploy/9001');
  });

  it('reads a Drone promotion: the promoting user and the promotion target', () => {
    const env = {
      CI: 'true',
      DRONE: 'true',
      DRONE_BUILD_NUMBER: '42',
      DRONE_REPO: 'octocat/hello-world',
      DRONE_COMMIT_SHA: SHA,
      DRONE_BUILD_TRIGGER: 'f.bar',
      DRONE_COMMIT_AUTHOR: 'octocat',
      DRONE_BUILD_LINK: 'https://drone.company.com/octocat/hello-world/42',
      DRONE_DEPLOY_TO: 'production',
    };
    expect(detectCi(env)).toEqual({
      id: 'drone',
      name: 'Drone',
      context: {
        application: 'Drone',
        description: 'Deployed by build #42 of octocat/hello-world at 0123456',
        user: 'f.bar',
        url: 'https://drone.company.com/octocat/hello-world/42',
        targets: ['production'],
        targetHint: 'or promote the build to an environment (DRONE_DEPLOY_TO)',
      },
    });
  });

  it('takes the commit author for a Drone build started by a webhook (@hook is not a user)', () => {
    const ci = detectCi({ DRONE: 'true', DRONE_BUILD_TRIGGER: '@hook', DRONE_COMMIT_AUTHOR: 'octocat' });
    expect(ci?.context.user).toBe('octocat');
  });

  it('reuses the GitHub Actions mapping', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '123',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_RUN_NUMBER: '17',
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_SHA: SHA,
      GITHUB_ACTOR: 'dana',
    };
    const ci = detectCi(env);
    expect(ci).toEqual({ id: 'github', name: 'GitHub Actions', context: githubContext(env) });
    expect(ci?.context.url).toBe('https://github.com/acme/shop/actions/runs/123/attempts/2');
    expect(ci?.context.user).toBe('dana');
  });

  it('reuses the Azure Pipelines mapping, reading pipeline variables from the environment', () => {
    const env = {
      TF_BUILD: 'True',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
      SYSTEM_TEAMPROJECT: 'Shop',
      BUILD_BUILDID: '777',
      BUILD_DEFINITIONNAME: 'shop-cd',
      BUILD_BUILDNUMBER: '20261125.3',
      BUILD_REQUESTEDFOR: 'Erin',
      ENVIRONMENT_NAME: 'production',
    };
    const ci = detectCi(env);
    expect(ci).toEqual({
      id: 'azure',
      name: 'Azure Pipelines',
      context: azureContext(azureVariablesFromEnv(env)),
    });
    expect(ci?.context.targets).toEqual(['production']);
    expect(ci?.context.url).toBe('https://dev.azure.com/acme/Shop/_build/results?buildId=777');
  });

  it('finds nothing at a terminal, or when a marker variable is set but empty', () => {
    expect(detectCi({ PATH: '/usr/bin', HOME: '/home/me', CI: 'true' })).toBeUndefined();
    expect(
      detectCi({ GITLAB_CI: '', CIRCLECI: ' ', DRONE: 'false', GITHUB_ACTIONS: 'false' }),
    ).toBeUndefined();
  });

  it('keeps a generic BUILD_NUMBER from making TeamCity or Drone look like Jenkins', () => {
    expect(detectCi({ TEAMCITY_VERSION: '2025.11', BUILD_NUMBER: '1', JENKINS_HOME: '/x' })?.id).toBe(
      'teamcity',
    );
    expect(detectCi({ DRONE: 'true', BUILD_URL: 'https://x', JENKINS_URL: '' })?.id).toBe('drone');
  });

  it('drops a CI link that is not an http(s) URL instead of failing the run over it', () => {
    expect(detectCi({ JENKINS_URL: 'https://j/', BUILD_URL: 'job/5' })?.context.url).toBeUndefined();
  });

  it('lists every CI it can detect with its marker variable', () => {
    expect(detectableCis().map((ci) => `${ci.id}:${ci.marker}`)).toEqual([
      'github:GITHUB_ACTIONS',
      'azure:TF_BUILD',
      'gitlab:GITLAB_CI',
      'circleci:CIRCLECI',
      'bitbucket:BITBUCKET_BUILD_NUMBER',
      'buildkite:BUILDKITE',
      'teamcity:TEAMCITY_VERSION',
      'drone:DRONE',
      'jenkins:JENKINS_URL',
    ]);
  });
});
