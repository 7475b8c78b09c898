import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entriesOn } from '@proget-deploy/core';
import { runAction } from '../src/run';
import { REPO_ROOT, readActionYml, type ActionEntry } from './action-yml';
import { fakePlatform } from './fake-platform';

const meta = readActionYml();
const names = (entries: ActionEntry[]) => entries.map((e) => e.name);

/** The rows of the Markdown table whose header starts with `| heading |`, in the GitHub Action guide. */
function guideTable(heading: string): string[][] {
  const lines = readFileSync(join(REPO_ROOT, 'docs', 'github-action.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${heading} |`));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('action.yml', () => {
  it('is a node24 action running the committed bundle, with its marketplace fields', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'packages/github-action/dist/index.js' });
    expect(existsSync(join(REPO_ROOT, meta.runs.main!))).toBe(true);
    for (const field of ['name', 'description', 'author']) expect(meta.top[field]).toBeTruthy();
    expect(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')).toMatch(
      /^branding:\n {2}icon: \S+\n {2}color: \S+$/m,
    );
  });

  it('declares exactly the inputs the code reads', async () => {
    expect(names(meta.inputs).sort()).toEqual(
      entriesOn('github')
        .map((entry) => entry.github!)
        .sort(),
    );
    expect(new Set(names(meta.inputs)).size).toBe(meta.inputs.length);
    // And the code reads them all, on a run that needs every one of them (no target: the token is used).
    const fake = fakePlatform({
      inputs: { server: 'https://proget.example', feed: 'f', package: 'bad spec' },
    });
    await runAction(fake.platform);
    expect(fake.lines('getInput').sort()).toEqual(names(meta.inputs).sort());
  });

  it('gives every input a description, and a default unless it is required', () => {
    // What each says is the input catalogue's (pnpm check:manifests); this is what the runner needs.
    for (const input of meta.inputs) {
      expect([input.name, Boolean(input.description)]).toEqual([input.name, true]);
      if (input.required === 'true') expect([input.name, input.default]).toEqual([input.name, undefined]);
      else
        expect([input.name, input.required, typeof input.default]).toEqual([input.name, 'false', 'string']);
    }
    // feed and package are optional for a run that only promotes an SCA build; core says when they are missing.
    expect(meta.inputs.filter((i) => i.required === 'true').map((i) => i.name)).toEqual(['server']);
    expect(meta.inputs.find((i) => i.name === 'github-token')?.default).toBe('${{ github.token }}');
    expect(meta.inputs.find((i) => i.name === 'auth-method')?.default).toBe('auto');
  });

  it('declares exactly the outputs the code writes', async () => {
    const fake = fakePlatform({
      inputs: { server: 'https://proget.example', feed: 'f', package: 'a@1', target: 't', 'dry-run': 'true' },
    });
    await runAction(fake.platform);
    expect(fake.failed).toBeUndefined();
    expect(Object.keys(fake.outputs).sort()).toEqual(names(meta.outputs).sort());
    for (const output of meta.outputs) expect(output.description).toBeTruthy();
  });
});

describe("the GitHub Action guide's outputs table", () => {
  // The inputs table is the input catalogue's (pnpm check:manifests); outputs are written by hand.
  it('lists every output of action.yml, in order', () => {
    expect(guideTable('Output').map((r) => r[0])).toEqual(meta.outputs.map((o) => `\`${o.name}\``));
  });
});
