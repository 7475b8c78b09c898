// Every task input read as a step reads them (the secrets first, as core's runStep does), for the tests of
// the task's input mapping.
import { entriesOn, type InputNames, type PlanInput, type RawInputs } from '@proget-deploy/core';
import { taskInputs } from '../src/inputs';
import type { TaskPlatform } from '../src/platform';

export function readTaskInputs(platform: TaskPlatform): { raw: RawInputs; names: InputNames } {
  const inputs = taskInputs(platform);
  const raw: RawInputs = {};
  for (const entry of entriesOn('azure').sort(
    (a, b) => Number(Boolean(b.secret)) - Number(Boolean(a.secret)),
  )) {
    const value = inputs.read(entry.meaning);
    if (!entry.platformOnly) raw[entry.meaning as PlanInput] = value;
  }
  return { raw, names: inputs.names() };
}
