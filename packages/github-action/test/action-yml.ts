import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, where action.yml, README.md and the committed bundle are. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

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
 * Just enough YAML for action.yml (no new dependency): top-level keys, the two-level maps under `inputs`,
 * `outputs`, `runs`, and `>-` folded scalars.
 */
export function readActionYml(path = join(REPO_ROOT, 'action.yml')): ActionMetadata {
  const meta: ActionMetadata = { inputs: [], outputs: [], top: {}, runs: {} };
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
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
