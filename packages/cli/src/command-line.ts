import { parseArgs } from 'node:util';
import { RECORD_FLAGS } from './flags.js';

/** A command line the CLI cannot act on; the process exits 2 with this one line, and nothing is sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Flag values as parseArgs returns them: a string, a list (repeatable flags) or true. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type Command =
  { name: 'help' } | { name: 'version' } | { name: 'record-help' } | { name: 'record'; flags: FlagValues };

type OptionConfig = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

function recordOptions(): Record<string, OptionConfig> {
  const options: Record<string, OptionConfig> = { help: { type: 'boolean', short: 'h' } };
  for (const spec of RECORD_FLAGS) {
    // parseArgs rejects `multiple: undefined`, so the key is only present when it is true.
    options[spec.flag] = spec.multiple ? { type: spec.kind, multiple: true } : { type: spec.kind };
  }
  return options;
}

/**
 * parseArgs explains itself ("Unknown option '--sever'") except for a stray value, which it would quote: that
 * value is often a secret that lost its flag (`--api-key= KEY`), so it is described by position instead.
 */
function describeParseError(error: NodeJS.ErrnoException, args: readonly string[]): string {
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const position = args.findIndex((arg) => error.message.includes(`'${arg}'`));
    const where = position >= 0 ? ` (argument ${position + 1} after "record")` : '';
    return `unexpected value${where}: every value follows its flag, e.g. --package app@1.0.0; the value is not shown in case it is a secret`;
  }
  return error.message.split('\n')[0] ?? String(error);
}

/** The commands that run a step; `download` and `audit` are `record` with their --mode set. */
type StepCommand = 'record' | 'download' | 'audit';

function parseRecord(args: string[], command: StepCommand = 'record'): Command {
  let values: FlagValues;
  try {
    ({ values } = parseArgs({ args, options: recordOptions(), strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(
      `${describeParseError(error as NodeJS.ErrnoException, args)} (see proget-deploy ${command} --help)`,
    );
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

/**
 * `proget-deploy record [flags]`, or the tool's own `--help`/`--version`. Inside `record`, `--version` is the
 * packages' default version (the interface's name for it), so the tool's version is only asked for on its own.
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
  const shown = /^[a-z][a-z-]{0,30}$/i.test(first) ? ` "${first}"` : '';
  throw new UsageError(
    `unknown command${shown}; the commands are "record", "download" and "audit" (see proget-deploy --help)`,
  );
}
