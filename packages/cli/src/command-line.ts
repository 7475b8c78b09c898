import { parseArgs } from 'node:util';
import { didYouMean } from '@proget-deploy/core';
import { RECORD_FLAGS } from './flags.js';

/** A command line the CLI cannot act on; the process exits 2 with this one line, and nothing is sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Flag values as parseArgs returns them: a string, a list (repeatable flags) or true. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type Command =
  { name: 'help' } | { name: 'version' } | { name: 'record-help' } | { name: 'record'; flags: FlagValues };

const VERSION_AFTER_COMMAND =
  "--version is the tool's version; the packages' default version is --package-version";

type OptionConfig = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

function recordOptions(): Record<string, OptionConfig> {
  const options: Record<string, OptionConfig> = { help: { type: 'boolean', short: 'h' } };
  for (const spec of RECORD_FLAGS) {
    // parseArgs rejects `multiple: undefined`, so the key is only present when it is true.
    options[spec.flag] = spec.multiple ? { type: spec.kind, multiple: true } : { type: spec.kind };
  }
  return options;
}

/** `Unknown option '--sever'` with the flag meant, when one is close: `; did you mean --server?`. */
function unknownOption(message: string, options: Record<string, OptionConfig>): string {
  const typed = /'--([^'=]+)'/.exec(message)?.[1];
  const meant = typed === undefined ? undefined : didYouMean(typed, Object.keys(options));
  return meant ? `${message}; did you mean --${meant}?` : message;
}

/**
 * parseArgs explains itself ("Unknown option '--sever'") except for a stray value, which it would quote: that
 * value is often a secret that lost its flag (`--api-key= KEY`), so it is described by position instead.
 */
function describeParseError(
  error: NodeJS.ErrnoException,
  args: readonly string[],
  options: Record<string, OptionConfig>,
): string {
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const position = args.findIndex((arg) => error.message.includes(`'${arg}'`));
    const where = position >= 0 ? ` (argument ${position + 1} after "record")` : '';
    return `unexpected value${where}: every value follows its flag, e.g. --package app@1.0.0; the value is not shown in case it is a secret`;
  }
  // Newer Node versions add a second sentence about `--`; the first says what is wrong.
  const message = error.message.split(/\n|\. /)[0] ?? String(error);
  return error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOption(message, options) : message;
}

/** The commands that run a step; `download` and `audit` are `record` with their --mode set. */
type StepCommand = 'record' | 'download' | 'audit';

function parseRecord(args: string[], command: StepCommand = 'record'): Command {
  let values: FlagValues;
  const options = recordOptions();
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    // `record --version 1.2.3` is what anyone after the packages' version types first: name the flag they want.
    if (/^Unknown option '--version'/.test((error as Error).message))
      throw new UsageError(VERSION_AFTER_COMMAND);
    const reason = describeParseError(error as NodeJS.ErrnoException, args, options);
    throw new UsageError(`${reason} (see proget-deploy ${command} --help)`);
  }
  if (values.help) return { name: 'record-help' };
  if (command !== 'record') {
    // `download` and `audit` are record with their --mode: the same flags, the same context, the same exit codes.
    if (values.mode !== undefined && values.mode !== command) {
      throw new UsageError(`--mode does not go with the ${command} command (it is always ${command})`);
    }
    values.mode = command;
  }
  return { name: 'record', flags: values };
}

/** The commands, for suggestions: what a mistyped first word most likely meant. */
const COMMANDS = ['record', 'download', 'help'];

/**
 * `proget-deploy record [flags]`, or the tool's own `--help`/`--version`. `--version` means the tool's version
 * only; after a command it is an error that names --package-version, the packages' default version.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'record') return parseRecord(rest);
  if (first === 'download' || first === 'audit') return parseRecord(rest, first);
  if (first === '--help' || first === '-h' || first === 'help') return { name: 'help' };
  if (first === '--version' || first === '-V') return { name: 'version' };
  if (first === undefined) throw new UsageError('no command given (see proget-deploy --help)');
  if (first.startsWith('-')) {
    throw new UsageError(
      `options go after the command: proget-deploy record|download|audit [options] (see proget-deploy --help)`,
    );
  }
  // Quoted only when it looks like a command name; anything else may be a value that lost its flag.
  const looksLikeCommand = /^[a-z][a-z-]{0,30}$/i.test(first);
  const meant = looksLikeCommand ? didYouMean(first, COMMANDS) : undefined;
  if (meant)
    throw new UsageError(`unknown command "${first}"; did you mean "${meant}"? (see proget-deploy --help)`);
  const shown = looksLikeCommand ? ` "${first}"` : '';
  throw new UsageError(
    `unknown command${shown}; the commands are "record", "download" and "audit" (see proget-deploy --help)`,
  );
}
