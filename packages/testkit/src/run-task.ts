// Runs the committed bundle the way the agent's Node handler does: a child process whose environment carries
// the inputs (INPUT_*), the service connection (ENDPOINT_*) and the pipeline variables, and whose stdout
// carries `##vso[...]` logging commands back to the agent.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';

/** The Azure task's committed bundle, as task.json's handlers run it. */
export const TASK_BUNDLE = join(REPO_ROOT, 'packages', 'azure-task', 'dist', 'index.cjs');

export interface VsoCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
  commands: VsoCommand[];
  /** The run's Agent.TempDirectory. */
  tempDir: string;
}

const unescapeData = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%AZP25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%5D/g, ']').replace(/%3B/g, ';'));

/** Parses `##vso[command k=v;k=v]message` as the agent does. */
export function parseCommand(line: string): VsoCommand | undefined {
  const match = /^##vso\[(\S+)(?: ([^\]]*))?\](.*)$/.exec(line);
  if (!match) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: match[1]!, properties, message: unescapeData(match[3] ?? '') };
}

/** A fresh Agent.TempDirectory per run, removed by cleanupTempDirs. */
const tempDirs: string[] = [];
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TaskRunOptions {
  bundle?: string;
  /**
   * Run under `ulimit -f N` (blocks of 512 bytes, POSIX sh): a file written past it is cut there and the next
   * write fails with EFBIG, as on a disk that fills up. task-lib's own start-up file (.taskkey) fits in one block.
   */
  maxFileBlocks?: number;
}

export function runTaskBundle(env: Record<string, string>, options: TaskRunOptions = {}): Promise<BundleRun> {
  const bundle = options.bundle ?? TASK_BUNDLE;
  const tempDir = mkdtempSync(join(tmpdir(), 'azure-task-'));
  tempDirs.push(tempDir);
  // Nothing from the test process leaks in (no HTTPS_PROXY, no stray INPUT_*): only what an agent would set.
  const childEnv = { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: tempDir, ...env };
  const [command, ...args] =
    options.maxFileBlocks === undefined
      ? [process.execPath, bundle]
      : ['/bin/sh', '-c', `ulimit -f ${options.maxFileBlocks} && exec "$@"`, 'sh', process.execPath, bundle];
  return new Promise((done) => {
    execFile(
      command!,
      args,
      { env: childEnv, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const lines = stdout.split(/\r?\n/).filter((line) => line !== '');
        const commands = lines.map(parseCommand).filter((c): c is VsoCommand => c !== undefined);
        done({ code, stdout, stderr, lines, commands, tempDir });
      },
    );
  });
}

export function commandsNamed(run: BundleRun, command: string): VsoCommand[] {
  return run.commands.filter((c) => c.command === command);
}

/** The one task.complete command: the result the agent shows. */
export function completion(run: BundleRun): VsoCommand {
  const done = commandsNamed(run, 'task.complete');
  if (done.length !== 1)
    throw new Error(`expected one task.complete, got ${done.length}:\n${run.stdout}\n${run.stderr}`);
  return done[0]!;
}

export function outputVariable(run: BundleRun, name: string): string | undefined {
  const set = commandsNamed(run, 'task.setvariable').filter((c) => c.properties.variable === name);
  if (set.length === 0) return undefined;
  const last = set[set.length - 1]!;
  if (last.properties.isOutput !== 'true') throw new Error(`${name} is not set as an output variable`);
  return last.message;
}

/** Every file the run left in its temp directory (the summary among them), as text. */
export function tempFiles(run: BundleRun): Array<{ path: string; text: string }> {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(run.tempDir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
