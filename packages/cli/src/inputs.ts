import { CLI_INPUT_NAMES, parseBoolean, type InputNames, type RawInputs } from '@proget-deploy/core';
import { UsageError, type FlagValues } from './command-line.js';
import { LIST_FILE_FLAGS, RECORD_FLAGS, SECRET_FLAGS, type FlagSpec } from './flags.js';

/** What the command line and the environment ask for, before the CI's own context fills the gaps. */
export interface CliSettings {
  raw: RawInputs;
  /** Each input named where its value came from, so an error says `PROGET_TIMEOUT` when that is what to fix. */
  names: InputNames;
  json: boolean;
  verbose: boolean;
  /** Keys typed as flags: they are now in the shell's history and the process list. */
  secretsOnCommandLine: FlagSpec[];
  /** `--package-file`/`--target-file` (or their variables): files, or `-` for standard input, still to read. */
  listFiles: ListFile[];
}

/** A file of more lines for a repeatable input, named as the user gave it. */
export interface ListFile {
  input: 'package' | 'target';
  /** A path, or `-` for standard input. */
  path: string;
  /** `--package-file` or `PROGET_PACKAGE_FILE`, whichever the path came from. */
  name: string;
}

/** A flag's value as the raw input text: repeated flags become one line each, a boolean flag "true". */
function flagText(value: FlagValues[string]): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String).join('\n');
  return value === true ? 'true' : value === false ? 'false' : value;
}

/** A variable set to an empty string counts as unset, so `PROGET_TARGET=` does not hide the CI's environment. */
function envText(env: NodeJS.ProcessEnv, spec: FlagSpec): string | undefined {
  const value = env[spec.env];
  return value?.trim() ? value : undefined;
}

/** Flag beats environment variable; what neither sets is left to the detected CI (in resolvePlan). */
export function readSettings(flags: FlagValues, env: NodeJS.ProcessEnv): CliSettings {
  const raw: RawInputs = {};
  // An unset key is best set through its variable, so that is the name hints and errors give.
  const names: InputNames = { ...CLI_INPUT_NAMES };
  for (const spec of SECRET_FLAGS) if (spec.input) names[spec.input] = spec.env;
  const own: Record<string, { value?: string; name: string }> = {};
  for (const spec of RECORD_FLAGS) {
    const fromFlag = flagText(flags[spec.flag]);
    const fromEnv = fromFlag === undefined ? envText(env, spec) : undefined;
    const name = fromEnv !== undefined ? spec.env : `--${spec.flag}`;
    if (spec.input) {
      raw[spec.input] = fromFlag ?? fromEnv;
      if (fromFlag !== undefined || fromEnv !== undefined) names[spec.input] = name;
    } else {
      own[spec.flag] = { value: fromFlag ?? fromEnv, name };
    }
  }
  const bool = (flag: string) => parseBoolean(own[flag]?.value, own[flag]?.name ?? `--${flag}`);
  const listFiles = LIST_FILE_FLAGS.flatMap(({ input, flag }): ListFile[] => {
    const { value, name } = own[flag.flag]!;
    return value?.trim() ? [{ input, path: value.trim(), name }] : [];
  });
  const fromStdin = listFiles.filter((f) => f.path === '-');
  if (fromStdin.length > 1) {
    throw new UsageError(
      `${fromStdin.map((f) => f.name).join(' and ')} both ask for standard input; give one of them a file`,
    );
  }
  return {
    listFiles,
    raw,
    names,
    json: bool('json'),
    verbose: bool('verbose'),
    secretsOnCommandLine: SECRET_FLAGS.filter((spec) => flagText(flags[spec.flag]) !== undefined),
  };
}
