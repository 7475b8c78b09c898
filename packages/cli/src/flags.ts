import {
  describeOn,
  entriesOn,
  type InputEntry,
  type InputMeaning,
  type RawInputs,
} from '@proget-deploy/core';

/** One option of `proget-deploy record`: its flag, the environment variable behind it, and its help line. */
export interface FlagSpec {
  flag: string;
  /** The core input it fills; absent for options about the CLI itself (--json, --verbose, the list files). */
  input?: keyof RawInputs;
  env: string;
  kind: 'string' | 'boolean';
  /** Repeatable: every occurrence is one line of the input (packages, targets, CA files). */
  multiple?: boolean;
  /** Placeholder shown in the help. */
  value?: string;
  /** Plain text (the catalogue's Markdown without code marks). */
  help: string;
  /** A credential: never echoed, and best set through its variable rather than on the command line. */
  secret?: boolean;
}

function flagSpec(entry: InputEntry & { meaning: InputMeaning }): FlagSpec {
  const cli = entry.cli!;
  const value = entry.choices ? entry.choices.join('|') : cli.value;
  return {
    flag: cli.flag,
    ...(entry.platformOnly ? {} : { input: entry.meaning as keyof RawInputs }),
    env: cli.env,
    kind: entry.kind === 'boolean' ? 'boolean' : 'string',
    ...(entry.kind === 'lines' ? { multiple: true } : {}),
    ...(value ? { value } : {}),
    help: describeOn(entry, 'cli').replace(/`/g, ''),
    ...(entry.secret ? { secret: true } : {}),
  };
}

/** Every record option, from the input catalogue, in its order. */
export const RECORD_FLAGS: readonly FlagSpec[] = entriesOn('cli').map(flagSpec);

/** The options holding a key (the records' and the SCA steps'). */
export const SECRET_FLAGS = RECORD_FLAGS.filter((f) => f.secret);

/** The flags that read more lines of a repeatable input from a file or standard input. */
export const LIST_FILE_FLAGS = [
  { input: 'package', flag: RECORD_FLAGS.find((f) => f.flag === 'package-file')! },
  { input: 'target', flag: RECORD_FLAGS.find((f) => f.flag === 'target-file')! },
] as const;
