// One way to run each committed bundle as its platform runs it, and to collect every byte it wrote: stdout,
// stderr, outputs, the step summary and every file it left in the runner's or agent's temp folder. The
// platform helpers of each adapter's own tests do the running; this file only gives them one shape.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AZURE_INPUT_NAMES, CLI_INPUT_NAMES, GITHUB_INPUT_NAMES, type InputNames } from '@proget-deploy/core';
import { commandsNamed, completion, runAction, runCli, runTask } from './bundles';
import { KEY } from './secrets';

export type FrontEnd = 'github' | 'azure' | 'cli';
export const FRONT_ENDS: FrontEnd[] = ['github', 'azure', 'cli'];

/** What each front end calls the inputs, as a user types them (Azure in manual connection mode). */
export const NAMES: Record<FrontEnd, InputNames> = {
  github: GITHUB_INPUT_NAMES,
  azure: AZURE_INPUT_NAMES,
  cli: CLI_INPUT_NAMES,
};

export type Inputs = Partial<Record<keyof InputNames, string>>;

/** What every case starts from, with the suite's key: web@1.0.0 from feed apps to prod. A case overrides the rest. */
export function oneDeployment(server: string, downloadTo: string): Inputs {
  return { server, apiKey: KEY, feed: 'apps', package: 'web@1.0.0', target: 'prod', downloadTo };
}

export interface Outcome {
  frontEnd: FrontEnd;
  /** success, warning (forgiven), failure: the step's result as the platform shows it. */
  result: 'success' | 'warning' | 'failure';
  /** The process's exit code (the CLI: 0, 1 or 2 for a usage error). */
  code: number | null;
  /** The lines that tell the user why the step failed: `::error::`, task.complete, `proget-deploy:`/`error:`. */
  errorLines: string[];
  /** Every byte written, with the lines that hand a secret to the platform's masker left out. */
  written: string;
  /** Every byte written, each place apart and whole: stdout, stderr, outputs, summary, files. */
  sources: Record<string, string>;
  /** The step's outputs by name (workflow outputs, output variables), as a later step would read them. */
  outputs: Record<string, string>;
  /** The step summary as the platform shows it (GitHub's job summary, the file Azure attaches); '' for the CLI. */
  summary: string;
  bytes: number;
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Debug logging as each platform turns it on (RUNNER_DEBUG + ACTIONS_STEP_DEBUG, SYSTEM_DEBUG, --verbose). */
  debug?: boolean;
  /** Azure: a Generic service connection with this URL instead of the server input (the key as its password). */
  serviceConnectionUrl?: string;
  /** Azure: files written past this many 512-byte blocks fail with EFBIG (`ulimit -f`), as on a full disk. */
  maxFileBlocks?: number;
}

const ENDPOINT = 'b7e3c1d2-5f4a-4e8b-9c0d-1a2b3c4d5e6f';

/** Every file under a folder, by path, as text. */
function filesIn(dir: string): Record<string, string> {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return Object.fromEntries(walk(dir).map((path) => [path, readFileSync(path, 'utf8')]));
}

/** Lines whose whole point is to hand a secret to the runner's or agent's masker. */
const MASKING = /^(::add-mask::|##vso\[task\.setsecret\])/;
const withoutMasking = (text: string) =>
  text
    .split('\n')
    .filter((line) => !MASKING.test(line))
    .join('\n');

async function github(inputs: Inputs, options: RunOptions): Promise<Omit<Outcome, 'ms' | 'bytes'>> {
  const temp = mkdtempSync(join(tmpdir(), 'adversarial-gh-'));
  try {
    const named = Object.fromEntries(
      Object.entries(inputs).map(([meaning, value]) => [
        GITHUB_INPUT_NAMES[meaning as keyof InputNames],
        value!,
      ]),
    );
    const debug: Record<string, string> = options.debug
      ? { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
      : {};
    const run = await runAction(named, { RUNNER_TEMP: temp, ...debug, ...options.env });
    const lines = run.stdout.split('\n');
    const failed = run.code !== 0;
    const warned = lines.some((l) => l.startsWith('::warning') && /not recorded/.test(l));
    const sources = {
      stdout: run.stdout,
      stderr: run.stderr,
      GITHUB_OUTPUT: run.outputFile,
      GITHUB_STEP_SUMMARY: run.summary,
      ...filesIn(temp),
    };
    return {
      frontEnd: 'github',
      result: failed ? 'failure' : warned ? 'warning' : 'success',
      code: run.code,
      errorLines: lines.filter((l) => l.startsWith('::error')),
      written: withoutMasking(Object.values(sources).join('\n')),
      sources,
      outputs: run.outputs,
      summary: run.summary,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function azure(inputs: Inputs, options: RunOptions): Promise<Omit<Outcome, 'ms' | 'bytes'>> {
  const env: Record<string, string> = { SYSTEM_DEBUG: options.debug ? 'true' : 'false', ...options.env };
  for (const [meaning, value] of Object.entries(inputs)) {
    if (options.serviceConnectionUrl && (meaning === 'server' || meaning === 'apiKey')) continue;
    env[`INPUT_${AZURE_INPUT_NAMES[meaning as keyof InputNames].toUpperCase()}`] = value!;
  }
  if (options.serviceConnectionUrl) {
    Object.assign(env, {
      INPUT_CONNECTIONTYPE: 'serviceConnection',
      INPUT_PROGETSERVICE: ENDPOINT,
      [`ENDPOINT_URL_${ENDPOINT}`]: options.serviceConnectionUrl,
      [`ENDPOINT_AUTH_${ENDPOINT}`]: JSON.stringify({
        parameters: { username: '', password: inputs.apiKey ?? '' },
        scheme: 'UsernamePassword',
      }),
      [`ENDPOINT_AUTH_PARAMETER_${ENDPOINT}_PASSWORD`]: inputs.apiKey ?? '',
    });
  } else {
    env.INPUT_CONNECTIONTYPE = 'manual';
  }
  const run = await runTask(
    env,
    options.maxFileBlocks === undefined ? {} : { maxFileBlocks: options.maxFileBlocks },
  );
  try {
    const done = completion(run);
    const result = done.properties.result;
    const files = filesIn(run.tempDir);
    const sources = { stdout: run.stdout, stderr: run.stderr, ...files };
    const uploaded = commandsNamed(run, 'task.uploadsummary').map((c) => files[c.message] ?? '');
    return {
      frontEnd: 'azure',
      result: result === 'Failed' ? 'failure' : result === 'SucceededWithIssues' ? 'warning' : 'success',
      code: run.code,
      errorLines: [done.message],
      written: withoutMasking(Object.values(sources).join('\n')),
      sources,
      outputs: Object.fromEntries(
        commandsNamed(run, 'task.setvariable').map((c) => [c.properties.variable ?? '', c.message]),
      ),
      summary: uploaded.join('\n'),
    };
  } finally {
    // This run's folder only: others may still be running.
    rmSync(run.tempDir, { recursive: true, force: true });
  }
}

async function cli(inputs: Inputs, options: RunOptions): Promise<Omit<Outcome, 'ms' | 'bytes'>> {
  const args = ['record'];
  const env: Record<string, string> = { ...options.env };
  for (const [meaning, value] of Object.entries(inputs)) {
    // The key goes where the CLI asks for it (the environment); a flag would put it in the process list.
    if (meaning === 'apiKey') env.PROGET_API_KEY = value!;
    // `--flag=value`, so a value that starts with "-" or is empty stays a value.
    else args.push(`${CLI_INPUT_NAMES[meaning as keyof InputNames]}=${value}`);
  }
  if (options.debug) args.push('--verbose');
  const run = await runCli(args, env);
  const lines = run.stderr.split('\n');
  return {
    frontEnd: 'cli',
    result: run.code === 0 ? (/^warning: .*forgiven/m.test(run.stderr) ? 'warning' : 'success') : 'failure',
    code: run.code,
    errorLines: lines.filter((l) => /^(proget-deploy|error):/.test(l)),
    written: [run.stdout, run.stderr].join('\n'),
    sources: { stdout: run.stdout, stderr: run.stderr },
    outputs: {},
    summary: '',
  };
}

const RUNNERS = { github, azure, cli };

export async function run(frontEnd: FrontEnd, inputs: Inputs, options: RunOptions = {}): Promise<Outcome> {
  const start = Date.now();
  const outcome = await RUNNERS[frontEnd](inputs, options);
  return { ...outcome, ms: Date.now() - start, bytes: Buffer.byteLength(outcome.written) };
}

/** The CLI names an input by the flag the user typed; the other platforms by the input's name. */
export function inputName(frontEnd: FrontEnd, meaning: keyof InputNames): string {
  return NAMES[frontEnd][meaning];
}
