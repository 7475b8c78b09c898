import type { ActionPlatform, GitHubApi } from '../src/platform';
import { readActionYml } from './action-yml';

export interface FakeOptions {
  /** Inputs the workflow sets; the others get action.yml's default, as the runner passes them. */
  inputs: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  api?: GitHubApi;
}

export { RUN_ENV } from '@proget-deploy/testkit';
import { RUN_ENV } from '@proget-deploy/testkit';

const DEFAULTS = Object.fromEntries(
  readActionYml().inputs.map((input) => [
    input.name,
    input.default?.includes('${{') ? 'ghs_token-from-the-runner' : (input.default ?? ''),
  ]),
);

/** Records every call the action makes on its platform, in order. */
/** The record core builds from RUN_ENV for `package: acme/web@1.2.3`, feed `internal`, environment `staging`. */
export const RUN_RECORD = {
  Application: 'GitHub Actions',
  Description: 'Deployed by workflow "Deploy" run #17 (attempt 2) of acme/shop at 0123456',
  Target: 'staging',
  FeedName: 'internal',
  PackageName: 'web',
  Version: '1.2.3',
  GroupName: 'acme',
  UserName: 'octocat',
  Url: 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
  Date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
};

export function fakePlatform(options: FakeOptions) {
  const calls: { method: string; args: unknown[] }[] = [];
  const outputs: Record<string, string> = {};
  const apiTokens: { token: string; baseUrl: string; timeoutMs: number }[] = [];
  const state = { summary: '', failed: undefined as string | undefined };
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });
  const platform: ActionPlatform = {
    // The runner's summary file: writeSummary stands in for appending to it.
    env: { ...RUN_ENV, GITHUB_STEP_SUMMARY: '/runner/_temp/step_summary', ...options.env },
    getInput: (name) => {
      record('getInput', name);
      return (options.inputs[name] ?? DEFAULTS[name] ?? '').trim();
    },
    setSecret: (value) => record('setSecret', value),
    setOutput: (name, value) => {
      record('setOutput', name, value);
      outputs[name] = value;
    },
    writeSummary: async (markdown) => {
      record('writeSummary', markdown);
      state.summary += markdown;
    },
    debug: (m) => record('debug', m),
    info: (m) => record('info', m),
    warning: (m, title) => record('warning', m, title),
    error: (m, title) => record('error', m, title),
    setFailed: (m) => {
      record('setFailed', m);
      state.failed = m;
    },
    gitHubApi: async (token, baseUrl, timeoutMs) => {
      record('gitHubApi', token, baseUrl, timeoutMs);
      apiTokens.push({ token, baseUrl, timeoutMs });
      if (!options.api) throw new Error('this test gave the action no GitHub API');
      return options.api;
    },
  };
  const lines = (method: string) => calls.filter((c) => c.method === method).map((c) => String(c.args[0]));
  return {
    platform,
    calls,
    outputs,
    apiTokens,
    lines,
    get summary() {
      return state.summary;
    },
    get failed() {
      return state.failed;
    },
    /** What the step's log shows (log lines, annotations, the failure), not outputs or the summary page. */
    log: () =>
      ['debug', 'info', 'warning', 'error', 'setFailed'].flatMap((method) => lines(method)).join('\n'),
    /** Everything the action wrote anywhere, for "the key never appears" checks. */
    everything: () =>
      JSON.stringify(
        calls.filter((c) => c.method !== 'setSecret' && c.method !== 'getInput' && c.method !== 'gitHubApi'),
      ),
  };
}

export function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}
