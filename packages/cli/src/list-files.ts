import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@proget-deploy/core';
import type { CliSettings, ListFile } from './inputs.js';

/** Reads standard input to its end; the CLI's entry point binds it to the process. */
export type ReadStdin = () => Promise<string>;

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

async function readList(file: ListFile, readStdin: ReadStdin): Promise<string> {
  if (file.path === '-') return readStdin();
  try {
    return await readFile(file.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_FAILURES[code] ?? (error as Error).message;
    throw new InvalidInputError(`${file.name}: cannot read "${file.path}": ${why}`);
  }
}

/**
 * Adds the lines of `--package-file`/`--target-file` to `--package`/`--target`: the same input, so the same
 * rules (one per line, blank lines and `#` comments skipped). Messages about a spec line then name where it
 * came from: `--package-file specs.txt line 3` is line 3 of that file.
 */
export async function readListFiles(settings: CliSettings, readStdin: ReadStdin): Promise<void> {
  for (const file of settings.listFiles) {
    const text = (await readList(file, readStdin)).replace(/\r?\n$/, '');
    const given = settings.raw[file.input];
    const source = `${file.name} ${file.path}`;
    // The file's lines come first, so a line number in a message is the line in the file; the flags' lines
    // follow, and the name says where they start.
    const count = text.split(/\r?\n/).length;
    settings.raw[file.input] = given === undefined ? text : `${text}\n${given}`;
    settings.names[file.input] =
      given === undefined
        ? source
        : `${source} (its ${count} line${count === 1 ? '' : 's'}, then ${settings.names[file.input]})`;
  }
}
