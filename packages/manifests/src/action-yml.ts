import { defaultOn, describeOn, entriesOn, foldedLines, OUTPUT_ENTRIES } from '@proget-deploy/core';
import { inputDifferences } from './differences.js';

/** One entry of action.yml's `inputs` or `outputs`, its values as YAML gives them (strings). */
export interface ActionEntry {
  name: string;
  description?: string;
  required?: string;
  default?: string;
}

export interface ActionMetadata {
  inputs: ActionEntry[];
  outputs: ActionEntry[];
  top: Record<string, string>;
  runs: Record<string, string>;
}

function scalar(text: string): string {
  const value = text.trim();
  if (/^'.*'$/.test(value)) return value.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/.test(value)) return JSON.parse(value) as string;
  return value;
}

/**
 * Just enough YAML for action.yml (no YAML dependency): top-level keys, the two-level maps under `inputs`,
 * `outputs`, `runs`, and `>-` folded scalars. It reads what `pnpm sync` writes and the hand-written rest.
 */
export function parseActionYml(text: string): ActionMetadata {
  const meta: ActionMetadata = { inputs: [], outputs: [], top: {}, runs: {} };
  const lines = text.split(/\r?\n/);
  let section = '';
  let entry: ActionEntry | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const top = /^([a-z-]+):\s*(.*)$/.exec(line);
    if (top) {
      section = top[1]!;
      if (top[2]) meta.top[section] = scalar(top[2]);
      continue;
    }
    const child = /^ {2}([a-z0-9-]+):\s*(.*)$/.exec(line);
    if (child && (section === 'inputs' || section === 'outputs')) {
      entry = { name: child[1]! };
      meta[section].push(entry);
      continue;
    }
    if (child && section === 'runs') {
      meta.runs[child[1]!] = scalar(child[2]!);
      continue;
    }
    const property = /^ {4}([a-z]+):\s*(.*)$/.exec(line);
    if (property && entry) {
      let value = property[2]!;
      if (value === '>-') {
        const folded: string[] = [];
        while (i + 1 < lines.length && /^ {6}/.test(lines[i + 1]!)) folded.push(lines[++i]!.trim());
        value = folded.join(' ');
      } else {
        value = scalar(value);
      }
      (entry as unknown as Record<string, string>)[property[1]!] = value;
    }
  }
  return meta;
}

/** A YAML plain scalar would be read back as this exact string (not a number, a boolean, a comment…). */
function isPlain(value: string): boolean {
  return (
    value !== '' &&
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value) &&
    !/(: | #|:$|\s$)/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+.0-9][-+.0-9a-fA-FxXoOeE_]*)$/i.test(value)
  );
}

function yamlValue(value: string): string {
  return isPlain(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/** `    description: …` on one line when it fits as a plain scalar, else a `>-` folded block. */
function descriptionLines(text: string): string[] {
  const oneLine = `    description: ${text}`;
  if (isPlain(text) && oneLine.length <= 110) return [oneLine];
  return ['    description: >-', ...foldedLines(text, '      ')];
}

/** The entries action.yml's `inputs:` should have, as parseActionYml reads them. */
function expectedActionInputs(): ActionEntry[] {
  return entriesOn('github').map((entry) => ({
    name: entry.github!,
    description: describeOn(entry, 'github'),
    required: String(Boolean(entry.required)),
    ...(entry.required ? {} : { default: defaultOn(entry, 'github') }),
  }));
}

/** The `inputs:` block as `pnpm sync` writes it. */
function renderActionInputs(): string {
  const lines = ['inputs:'];
  for (const input of expectedActionInputs()) {
    lines.push(
      `  ${input.name}:`,
      ...descriptionLines(input.description!),
      `    required: ${input.required}`,
    );
    if (input.default !== undefined) lines.push(`    default: ${yamlValue(input.default)}`);
  }
  return lines.join('\n');
}

/** The entries action.yml's `outputs:` should have: the output catalogue's, in its order. */
function expectedActionOutputs(): ActionEntry[] {
  return OUTPUT_ENTRIES.map((entry) => ({ name: entry.github, description: entry.help.github }));
}

/** The `outputs:` block as `pnpm sync` writes it. */
function renderActionOutputs(): string {
  const lines = ['outputs:'];
  for (const output of expectedActionOutputs()) {
    lines.push(`  ${output.name}:`, ...descriptionLines(output.description!));
  }
  return lines.join('\n');
}

/** Where a top-level block is: from its key to the next top-level key (comments before that key stay). */
function block(text: string, key: 'inputs' | 'outputs'): { start: number; end: number } | undefined {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line === `${key}:` || new RegExp(`^${key}:\\s*$`).test(line));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\S/.test(line) && !line.startsWith('#')) break;
    if (/^\s+\S/.test(line)) last = i;
  }
  const offset = (n: number) => lines.slice(0, n).reduce((sum, line) => sum + line.length + 1, 0);
  return { start: offset(first), end: offset(last) + lines[last]!.length };
}

const FIELDS = ['description', 'required', 'default'] as const;

/** How action.yml's inputs and outputs differ from the catalogues, one line per difference. */
export function actionInputDifferences(text: string, file = 'action.yml'): string[] {
  const meta = parseActionYml(text);
  const compare = (kind: 'input' | 'output') => (have: ActionEntry, want: ActionEntry) =>
    FIELDS.filter((field) => have[field] !== want[field]).map((field) => {
      const said = have[field] === undefined ? 'absent' : `'${have[field]}'`;
      const says = want[field] === undefined ? 'none' : `'${want[field]}'`;
      return `${file} ${kind} ${want.name}: ${field} is ${said}, the catalogue says ${says}`;
    });
  return [
    ...inputDifferences(file, meta.inputs, expectedActionInputs(), compare('input')),
    ...inputDifferences(file, meta.outputs, expectedActionOutputs(), compare('output'), 'output'),
  ];
}

/** action.yml with its `inputs:` and `outputs:` blocks rewritten; everything else as it was. */
export function syncActionYml(text: string): string {
  let synced = text;
  for (const [key, render] of [
    ['inputs', renderActionInputs],
    ['outputs', renderActionOutputs],
  ] as const) {
    const found = block(synced, key);
    if (!found) throw new Error(`action.yml has no top-level \`${key}:\` key`);
    synced = synced.slice(0, found.start) + render() + synced.slice(found.end);
  }
  return synced;
}
