import { defaultOn, describeOn, entriesOn } from '@proget-deploy/core';
import { inputDifferences } from './differences.js';

/** One input of task.json, in the key order `pnpm sync` writes. */
export interface TaskInput {
  name: string;
  type: string;
  label: string;
  defaultValue: string;
  required: boolean;
  groupName: string;
  visibleRule?: string;
  options?: Record<string, string>;
  properties?: Record<string, string>;
  helpMarkDown: string;
}

/**
 * task.json's inputs as the catalogue says them (the fields of
 * https://github.com/microsoft/azure-pipelines-task-lib/blob/master/tasks.schema.json).
 */
function expectedTaskInputs(): TaskInput[] {
  return entriesOn('azure').map((entry) => {
    const azure = entry.azure!;
    return {
      name: azure.name,
      type: azure.type,
      label: azure.label,
      defaultValue: defaultOn(entry, 'azure'),
      required: Boolean(entry.required),
      groupName: azure.group,
      ...(azure.visibleRule ? { visibleRule: azure.visibleRule } : {}),
      ...(entry.choices && azure.type === 'pickList'
        ? {
            options: Object.fromEntries(
              entry.choices.map((choice) => [choice, azure.optionLabels?.[choice] ?? choice]),
            ),
          }
        : {}),
      ...(azure.properties ? { properties: { ...azure.properties } } : {}),
      helpMarkDown: describeOn(entry, 'azure'),
    };
  });
}

const show = (value: unknown) =>
  value === undefined ? 'absent' : typeof value === 'string' ? `'${value}'` : JSON.stringify(value);

/** How task.json's inputs (and their groups) differ from the catalogue, one line per difference. */
export function taskInputDifferences(text: string, file = 'task.json'): string[] {
  const task = JSON.parse(text) as {
    inputs?: Array<Record<string, unknown>>;
    groups?: Array<{ name: string }>;
  };
  const groups = new Set((task.groups ?? []).map((group) => group.name));
  return inputDifferences(file, task.inputs ?? [], expectedTaskInputs(), (have, want) => {
    const problems: string[] = [];
    const fields = new Set([...Object.keys(want), ...Object.keys(have)]);
    for (const field of fields) {
      const said = have[field];
      const says = (want as unknown as Record<string, unknown>)[field];
      if (JSON.stringify(said) === JSON.stringify(says)) continue;
      problems.push(
        `${file} input ${want.name}: ${field} is ${show(said)}, the catalogue says ${says === undefined ? 'none' : show(says)}`,
      );
    }
    if (!groups.has(want.groupName))
      problems.push(
        `${file} input ${want.name}: its group '${want.groupName}' is not among task.json's groups`,
      );
    return problems;
  });
}

/**
 * JSON as prettier lays it out here: two-space indents, and an array of plain values on one line when it fits
 * (`"visibility": ["Build", "Release"]`), so `prettier --check` agrees with what sync writes.
 */
function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    /^( *)("[^"]*": )?\[\n((?: *(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null),?\n)+) *\]/gm,
    (match, indent: string, key: string | undefined, items: string) => {
      const line = `${indent}${key ?? ''}[${items
        .split('\n')
        .map((item) => item.trim())
        .filter(Boolean)
        .join(' ')}]`;
      return line.length <= 110 ? line : match;
    },
  )}\n`;
}

/** task.json with its `inputs` rewritten from the catalogue; every other key as it was, in its place. */
export function syncTaskJson(text: string): string {
  const task = JSON.parse(text) as Record<string, unknown>;
  task.inputs = expectedTaskInputs();
  return formatJson(task);
}
