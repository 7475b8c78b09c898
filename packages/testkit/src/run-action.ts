import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';

/** The action's committed bundle, as action.yml's `runs.main` names it. */
export const ACTION_BUNDLE = join(REPO_ROOT, 'packages', 'github-action', 'dist', 'index.js');
export const RUNNER_TOKEN = 'ghs_FAKE-RUNNER-TOKEN-abcdef';

/** What a GitHub Actions run tells a step about itself, as the tests' runs give it. */
export const RUN_ENV: NodeJS.ProcessEnv = {
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.example',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_RUN_NUMBER: '17',
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_JOB: 'deploy',
  RUNNER_NAME: 'GitHub Actions 7',
};

/** An action input as action.yml declares it: its name, and its default when it has one. */
export interface DeclaredInput {
  name: string;
  default?: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT as @actions/core wrote it, and parsed from its `name<<delimiter` blocks. */
  outputFile: string;
  outputs: Record<string, string>;
  summary: string;
}

/** `INPUT_<NAME upper-cased, spaces as _, hyphens kept>`, as the runner names them. */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const block = /^([^\n<]+)<<([^\n]+)\n([\s\S]*?)\n\2$/gm;
  for (let m = block.exec(text); m; m = block.exec(text)) outputs[m[1]!] = m[3]!;
  return outputs;
}

/**
 * Runs the committed bundle as a runner runs a `node24` action: inputs (with action.yml's defaults, `declared`,
 * for those the workflow leaves out), the GITHUB_* context, and the output, summary and event files.
 */
export async function runActionBundle(
  declared: readonly DeclaredInput[],
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'proget-action-'));
  try {
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
    };
    writeFileSync(files.GITHUB_OUTPUT, '');
    writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify({ ref: 'refs/heads/main' }));
    const variables: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...RUN_ENV,
      ...files,
      RUNNER_TEMP: dir,
      ...env,
    };
    for (const input of declared) {
      const value =
        inputs[input.name] ?? (input.default === '${{ github.token }}' ? RUNNER_TOKEN : input.default);
      if (value !== undefined) variables[inputVariable(input.name)] = value;
    }
    const child = spawn(process.execPath, [ACTION_BUNDLE], {
      env: variables,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const outputFile = readFileSync(files.GITHUB_OUTPUT, 'utf8');
    return {
      code,
      stdout,
      stderr,
      outputFile,
      outputs: parseOutputFile(outputFile),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
