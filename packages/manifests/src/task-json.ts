import { defaultOn, describeOn, entriesOn, OUTPUT_ENTRIES } from '@proget-deploy/core';
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
  properties?: Record<string, string | boolean>;
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

/** task.json's output variables: the output catalogue's, named and described as the task names them. */
function expectedOutputVariables(): Array<{ name: string; description: string }> {
  return OUTPUT_ENTRIES.map((entry) => ({ name: entry.azure, description: entry.help.azure }));
}

/**
 * What the agent lets the task do: set exactly its output variables, no other (and so no `task.prependpath`):
 * https://learn.microsoft.com/azure/devops/pipelines/security/templates#agent-logging-command-restrictions.
 * `commands.mode: restricted` would also block `task.uploadsummary`, so commands stay `any`; the output sink
 * neutralises every other command in text from outside.
 */
function expectedRestrictions() {
  return {
    commands: { mode: 'any' },
    settableVariables: { allowed: expectedOutputVariables().map((variable) => variable.name) },
  };
}

/** How task.json's outputs and restrictions differ from the output catalogue. */
function outputDifferences(task: Record<string, unknown>, file: string): string[] {
  const problems: string[] = [];
  const have = (task.outputVariables ?? []) as Array<{ name?: unknown }>;
  problems.push(
    ...inputDifferences(
      file,
      have,
      expectedOutputVariables(),
      (variable, want) =>
        JSON.stringify(variable) === JSON.stringify(want)
          ? []
          : [`${file} output ${want.name}: ${show(variable)}, the catalogue says ${show(want)}`],
      'output',
    ),
  );
  if (JSON.stringify(task.restrictions) !== JSON.stringify(expectedRestrictions()))
    problems.push(
      `${file}: restrictions are ${show(task.restrictions)}, the output catalogue says ${show(expectedRestrictions())}`,
    );
  return problems;
}

/** How task.json's inputs (and their groups) and outputs differ from the catalogues, one line per difference. */
export function taskInputDifferences(text: string, file = 'task.json'): string[] {
  const task = JSON.parse(text) as {
    inputs?: Array<Record<string, unknown>>;
    groups?: Array<{ name: string }>;
  };
  const groups = new Set((task.groups ?? []).map((group) => group.name));
  const inputs = inputDifferences(file, task.inputs ?? [], expectedTaskInputs(), (have, want) => {
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
  return [...inputs, ...outputDifferences(task as Record<string, unknown>, file)];
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

/**
 * task.json with its `inputs`, `outputVariables` and `restrictions` rewritten from the catalogues; every other
 * key as it was, in its place.
 */
export function syncTaskJson(text: string): string {
  const task = JSON.parse(text) as Record<string, unknown>;
  task.inputs = expectedTaskInputs();
  task.outputVariables = expectedOutputVariables();
  task.restrictions = expectedRestrictions();
  return formatJson(task);
}
