// task.json against Microsoft's own schema for task manifests, the one its `$schema` names
// (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/tasks.schema.json). azure-pipelines-task-lib
// does not ship it in its npm package, so tasks.schema.json beside this file is a copy, unchanged, of the file as
// of commit 1b6318cff0a8624f6c309da61d8a3948162558d2 (MIT License, Copyright (c) Microsoft Corporation). It is
// JSON Schema draft-04, which ajv 6 validates with its bundled draft-04 meta-schema.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';

const ROOT = resolve(__dirname, '../../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const task = readJson(join(ROOT, 'task.json')) as {
  $schema: string;
  inputs: Array<{ name: string; properties?: Record<string, unknown> }>;
  outputVariables: Array<{ name: string }>;
  restrictions: { commands: { mode: string }; settableVariables: { allowed: string[] } };
};
const schema = readJson(join(__dirname, 'tasks.schema.json'));

function validator() {
  const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true, jsonPointers: true });
  ajv.addMetaSchema(
    readJson(join(dirname(require.resolve('ajv/package.json')), 'lib/refs/json-schema-draft-04.json')),
  );
  return ajv.compile(schema);
}

/**
 * The one way task.json departs from the schema, known and not the agent's concern: the catalogue
 * (packages/core/src/input-catalogue.ts, written into task.json by `pnpm sync`) gives the multi-line inputs
 * `properties: { resizable: 'true', rows: '4' }`, and the schema types `resizable` as a boolean (`rows` as a
 * string of digits, which it is). Microsoft's own tasks (CmdLine's `script`, for one) write the string too.
 */
const isResizableString = (error: { dataPath: string; keyword: string }) =>
  /^\/inputs\/\d+\/properties\/resizable$/.test(error.dataPath) && error.keyword === 'type';

describe('task.json against tasks.schema.json', () => {
  it('names that schema', () => {
    expect(task.$schema).toBe(schema.id);
  });

  it('is valid, but for string `resizable` properties written by the input catalogue', () => {
    const validate = validator();
    validate(task);
    const errors = (validate.errors ?? []).map(({ dataPath, keyword, message }) => ({
      dataPath,
      keyword,
      message,
    }));
    expect(errors.filter((e) => !isResizableString(e))).toEqual([]);
    // Only inputs that do say resizable: 'true'.
    for (const error of errors.filter(isResizableString)) {
      const index = Number(error.dataPath.split('/')[2]);
      expect(task.inputs[index]!.properties?.resizable).toBe('true');
    }
  });

  it('catches what the schema forbids (a check that it is really applied)', () => {
    const validate = validator();
    expect(validate({ ...task, minimumAgentVersion: 'latest', surprise: true })).toBe(false);
    expect((validate.errors ?? []).map((e) => [e.dataPath, e.keyword])).toEqual(
      expect.arrayContaining([
        ['', 'additionalProperties'],
        ['/minimumAgentVersion', 'pattern'],
      ]),
    );
  });

  it('lets the task set exactly its output variables, and run any command', () => {
    expect(task.restrictions.settableVariables.allowed).toEqual(task.outputVariables.map((o) => o.name));
    expect(task.restrictions.commands).toEqual({ mode: 'any' });
  });
});
