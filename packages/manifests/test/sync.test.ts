// The catalogue's check on copies of the real manifests: a value changed in one file alone fails it, naming
// the file, the input and the difference, and `sync` puts the catalogue's value back, touching nothing else.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseActionYml } from '../src/action-yml';
import { renderTable } from '../src/doc-tables';
import { syncManifests } from '../src/sync';

const ROOT = resolve(__dirname, '../../..');
const FILES = [
  'action.yml',
  'task.json',
  'README.md',
  'docs/azure-devops.md',
  'docs/cli.md',
  'docs/github-action.md',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifests-'));
  mkdirSync(join(dir, 'docs'));
  for (const file of FILES) copyFileSync(join(ROOT, file), join(dir, file));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = read(file);
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  writeFileSync(join(dir, file), changed);
};

describe('pnpm check:manifests', () => {
  it("passes on the repository's own manifests and docs", () => {
    expect(syncManifests(ROOT, 'check')).toEqual({ changed: [], problems: [] });
  });

  it('fails on a default changed in action.yml alone, naming the input and the difference', () => {
    edit('action.yml', /(\n {2}timeout:\n[\s\S]*?default: )'30'/, "$1'45'");
    const before = read('action.yml');
    expect(syncManifests(dir, 'check')).toEqual({
      changed: ['action.yml'],
      problems: ["action.yml input timeout: default is '45', the catalogue says '30'"],
    });
    expect(read('action.yml')).toBe(before);
  });

  it('fails on a default changed in task.json alone', () => {
    edit('task.json', /("name": "timeout",[\s\S]*?"defaultValue": )"30"/, '$1"45"');
    expect(syncManifests(dir, 'check').problems).toEqual([
      "task.json input timeout: defaultValue is '45', the catalogue says '30'",
    ]);
  });

  it('fails on a pickList option task.json has and the catalogue does not, and on an input it lacks', () => {
    edit('task.json', '"warn": "Warn and succeed with issues"', '"warn": "Warn", "ignore": "Ignore"');
    edit('task.json', /\{\s*"name": "concurrency"[^}]*\},/, '');
    expect(syncManifests(dir, 'check').problems).toEqual([
      `task.json input onNoncompliant: options is {"fail":"Fail the task","warn":"Warn","ignore":"Ignore"}, the catalogue says {"fail":"Fail the task","warn":"Warn and succeed with issues"}`,
      'task.json: input concurrency is missing (the catalogue has it)',
    ]);
  });

  it('fails on a doc table that disagrees, naming the document, the table and the column', () => {
    edit('docs/azure-devops.md', '| `timeout` | no | `30` |', '| `timeout` | no | `45` |');
    edit('docs/cli.md', /\| `--verbose` \|[^\n]*\n/, '');
    expect(syncManifests(dir, 'check').problems).toEqual([
      "docs/azure-devops.md (azure inputs table) input timeout: Default is '`45`', the catalogue says '`30`'",
      'docs/cli.md (cli inputs table): input --verbose is missing (the catalogue has it)',
    ]);
  });

  it('fails on an input the catalogue does not have', () => {
    edit(
      'action.yml',
      '\noutputs:',
      "  colour:\n    description: Paint.\n    required: false\n    default: ''\n\noutputs:",
    );
    expect(syncManifests(dir, 'check').problems).toEqual(['action.yml input colour: not in the catalogue']);
  });
});

describe('pnpm sync', () => {
  it("rewrites only the catalogue's parts: inputs, and the marked tables of README.md and docs/*.md", () => {
    edit('action.yml', /(\n {2}timeout:\n[\s\S]*?default: )'30'/, "$1'45'");
    edit('action.yml', '\noutputs:', '\n# Written by hand: kept.\noutputs:');
    edit(
      'task.json',
      '"instanceNameFormat": "Record $(package) deployment to $(target)"',
      '"instanceNameFormat": "Hand $(feed)"',
    );
    edit('task.json', /("name": "timeout",[\s\S]*?"defaultValue": )"30"/, '$1"45"');
    writeFileSync(
      join(dir, 'docs', 'new-guide.md'),
      '# CLI\n\nBy hand, quoting `<!-- inputs:cli:start -->`.\n\n<!-- inputs:cli:start -->\nstale\n<!-- inputs:cli:end -->\n\nAlso by hand.\n',
    );

    expect(syncManifests(dir, 'write').changed).toEqual(['action.yml', 'task.json', 'docs/new-guide.md']);

    expect(syncManifests(dir, 'check')).toEqual({ changed: [], problems: [] });
    expect(parseActionYml(read('action.yml')).inputs.find((i) => i.name === 'timeout')?.default).toBe('30');
    expect(read('action.yml')).toContain('\n# Written by hand: kept.\noutputs:');
    const original = JSON.parse(readFileSync(join(ROOT, 'task.json'), 'utf8'));
    const task = JSON.parse(read('task.json'));
    expect(task).toEqual({ ...original, instanceNameFormat: 'Hand $(feed)' });
    expect(read('docs/new-guide.md')).toBe(
      `# CLI\n\nBy hand, quoting \`<!-- inputs:cli:start -->\`.\n\n<!-- inputs:cli:start -->\n${renderTable('cli')}\n<!-- inputs:cli:end -->\n\nAlso by hand.\n`,
    );
  });

  it('changes nothing when everything already agrees', () => {
    expect(syncManifests(dir, 'write').changed).toEqual([]);
    for (const file of FILES) expect(read(file)).toBe(readFileSync(join(ROOT, file), 'utf8'));
  });
});
