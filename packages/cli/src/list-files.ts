import { LIST_FILE_MAX_BYTES, readTextFile } from '@proget-deploy/core';
import type { CliSettings, ListFile } from './inputs.js';

/** Standard input to its end, as text; `input` (the flag or variable that asked for it) names it in messages. */
export type ReadStdin = (input: string) => Promise<string>;

async function readList(file: ListFile, readStdin: ReadStdin): Promise<string> {
  if (file.path === '-') return readStdin(file.name);
  return readTextFile(file.path, { input: file.name, maxBytes: LIST_FILE_MAX_BYTES });
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
