// task.json is the contract with the agent and the pipeline editor: it must match what the code reads and
// writes, what core accepts, what the Azure DevOps guide documents and what the extension packs.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { entriesOn, OUTPUT_ENTRIES } from '@proget-deploy/core';
import { startEmulator } from '@proget-deploy/emulator';
import type { TaskInput } from '@proget-deploy/manifests';
import { runTask } from '../src/run-task';
import { fakePlatform } from './fake-platform';
import { readTaskInputs } from './read-inputs';

const ROOT = resolve(__dirname, '../../..');
const readJson = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8'));

const task = readJson('task.json') as {
  id: string;
  name: string;
  friendlyName: string;
  category: string;
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  instanceNameFormat: string;
  groups: Array<{ name: string }>;
  inputs: TaskInput[];
  outputVariables: Array<{ name: string; description: string }>;
  restrictions: { commands: { mode: string }; settableVariables: { allowed: string[] } };
  execution: Record<string, { target: string }>;
};
const inputNames = task.inputs.map((i) => i.name);
const input = (name: string) => task.inputs.find((i) => i.name === name)!;

describe('task.json', () => {
  it('identifies the task as the agent and the marketplace need', () => {
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(task.name).toBe('ProGetRecordDeployment');
    expect(task.friendlyName.length).toBeLessThanOrEqual(40);
    expect(task.category).toBe('Deploy');
    expect(task.version).toEqual({ Major: 1, Minor: 0, Patch: 0 });
    // The first agent with the Node24 handler (Microsoft's migrateNode24.md); Node20_1 stays for an agent that
    // falls back to Node 20 where Node 24 cannot run.
    expect(task.minimumAgentVersion).toBe('4.265.1');
    expect(task.instanceNameFormat).toBe('Record $(package) deployment to $(target)');
  });

  it('links its help and release notes to the repository', () => {
    const { helpMarkDown, releaseNotes } = readJson('task.json') as {
      helpMarkDown: string;
      releaseNotes: string;
    };
    expect(helpMarkDown).toMatch(
      /\]\(https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\/docs\/azure-devops\.md\)$/,
    );
    expect(releaseNotes).toMatch(/\]\(https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\/CHANGELOG\.md\)$/);
  });

  it('runs the committed bundle on Node 20 and Node 24 agents', () => {
    expect(Object.keys(task.execution).sort()).toEqual(['Node20_1', 'Node24']);
    for (const handler of Object.values(task.execution)) {
      expect(handler.target).toBe('packages/azure-task/dist/index.cjs');
      expect(existsSync(resolve(ROOT, handler.target))).toBe(true);
    }
  });

  it('declares exactly the inputs the code reads, with either connection type', () => {
    expect([...inputNames].sort()).toEqual(
      entriesOn('azure')
        .map((entry) => entry.azure!.name)
        .sort(),
    );
    const read = new Set<string>();
    for (const connectionType of ['serviceConnection', 'manual']) {
      const platform = fakePlatform({
        inputs: { connectionType, proGetService: 'ep' },
        endpoints: { ep: { url: 'https://proget.example' } },
      });
      readTaskInputs(platform);
      platform.inputsRead.forEach((name) => read.add(name));
    }
    expect([...read].sort()).toEqual([...inputNames].sort());
  });

  it('declares the output variables the task sets, and lets the agent accept no other', async () => {
    const names = task.outputVariables.map((o) => o.name);
    expect(names).toEqual(OUTPUT_ENTRIES.map((entry) => entry.azure));
    for (const output of task.outputVariables)
      expect([output.name, Boolean(output.description)]).toEqual([output.name, true]);
    // The agent refuses task.setvariable for anything else, and task.prependpath (the agent's own tests).
    expect(task.restrictions).toEqual({ commands: { mode: 'any' }, settableVariables: { allowed: names } });
    // What a run sets: every declared output, nothing more.
    const emulator = await startEmulator();
    const temp = mkdtempSync(join(tmpdir(), 'task-outputs-'));
    try {
      const platform = fakePlatform({
        inputs: { proGetService: 'ep', feed: 'f', package: 'a@1', target: 't' },
        endpoints: { ep: { url: emulator.url } },
        variables: { 'Agent.TempDirectory': temp },
      });
      await expect(runTask(platform)).resolves.toBe('Succeeded');
      expect(Object.keys(platform.outputs).sort()).toEqual([...names].sort());
    } finally {
      await emulator.close();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('gives every input a label, help and a group, and every rule and format a real input', () => {
    const groups = task.groups.map((g) => g.name);
    expect(groups).toEqual(['connection', 'packages', 'record', 'sca', 'advanced']);
    for (const i of task.inputs) {
      expect({
        name: i.name,
        label: Boolean(i.label),
        help: Boolean(i.helpMarkDown),
        group: groups.includes(i.groupName),
      }).toEqual({
        name: i.name,
        label: true,
        help: true,
        group: true,
      });
      if (i.visibleRule) {
        const [, name, value] = /^(\w+) = (\w+)$/.exec(i.visibleRule) ?? [];
        expect(Object.keys(input(name ?? '')?.options ?? {})).toContain(value);
      }
    }
    for (const [, name] of task.instanceNameFormat.matchAll(/\$\((\w+)\)/g))
      expect(inputNames).toContain(name);
    expect(input('proGetService').type).toBe('connectedService:Generic');
    expect(input('package').type).toBe('multiLine');
    expect(input('target').type).toBe('multiLine');
    expect(input('dryRun').type).toBe('boolean');
  });
});

/** A PNG's width and height, from its IHDR chunk (and that it is a PNG at all). */
function pngSize(path: string): [number, number] {
  const png = readFileSync(resolve(ROOT, path));
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** The rows of the first table after `heading` in the Azure DevOps guide, as cells. */
function guideTable(firstHeader: string): string[][] {
  const lines = readFileSync(resolve(ROOT, 'docs', 'azure-devops.md'), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  expect(start).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('the Azure DevOps guide', () => {
  // The inputs table, task.json's inputs and their pickList options are the input catalogue's (pnpm
  // check:manifests); output variables are written by hand.
  it('lists the output variables', () => {
    expect(guideTable('Output variable').map((r) => r[0])).toEqual(
      task.outputVariables.map((o) => `\`${o.name}\``),
    );
  });
});

describe('the extension manifest', () => {
  const manifest = readJson('vss-extension.json') as {
    version: string;
    categories: string[];
    targets: Array<{ id: string }>;
    icons: { default: string };
    content: { details: { path: string } };
    contributions: Array<{ type: string; properties: { name: string } }>;
  };

  it('contributes the task, at the version task.json has, with its icon and overview', () => {
    expect(manifest.version).toBe(`${task.version.Major}.${task.version.Minor}.${task.version.Patch}`);
    expect(manifest.categories).toEqual(['Azure Pipelines']);
    expect(manifest.targets).toEqual([{ id: 'Microsoft.VisualStudio.Services' }]);
    expect(manifest.contributions).toEqual([
      expect.objectContaining({ type: 'ms.vss-distributed-task.task', properties: { name: task.name } }),
    ]);
    expect(existsSync(resolve(ROOT, manifest.content.details.path))).toBe(true);
  });

  it('is ready for the Marketplace: publisher left to AZURE_PUBLISHER, links to the repository, a license', () => {
    const full = readJson('vss-extension.json') as Record<string, unknown> & {
      repository: { uri: string };
      links: Record<string, { uri: string }>;
      content: { license: { path: string } };
      tags: string[];
    };
    // One setting names the publisher (scripts/package-azure.mjs); the manifest does not.
    expect(full).not.toHaveProperty('publisher');
    const repository = full.repository.uri;
    expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    expect(Object.keys(full.links).sort()).toEqual(['getstarted', 'issues', 'license', 'repository']);
    for (const link of Object.values(full.links)) expect(link.uri.startsWith(repository)).toBe(true);
    expect(existsSync(resolve(ROOT, full.content.license.path))).toBe(true);
    expect(full.tags).toEqual(expect.arrayContaining(['ProGet', 'deployment']));
  });

  it('has a 128×128 PNG icon, and the task a 32×32 one', () => {
    expect(pngSize(manifest.icons.default)).toEqual([128, 128]);
    // scripts/package-azure.mjs stages it as the icon.png next to the task's task.json.
    expect(pngSize('images/task-icon.png')).toEqual([32, 32]);
  });

  it('is a preview for a first release, with a screenshot of the summary the task writes', () => {
    const full = readJson('vss-extension.json') as {
      galleryFlags: string[];
      screenshots: Array<{ path: string }>;
      files: Array<{ path: string; addressable?: boolean }>;
    };
    expect(full).not.toHaveProperty('public');
    expect(full.galleryFlags).toEqual(['Preview']);
    expect(full.screenshots).toEqual([{ path: 'images/screenshot-summary.png' }]);
    const [width, height] = pngSize(full.screenshots[0]!.path);
    expect(width).toBeLessThanOrEqual(1366);
    expect(height).toBeLessThanOrEqual(768);
    expect(full.files).toEqual(
      expect.arrayContaining([{ path: full.screenshots[0]!.path, addressable: true }]),
    );
  });

  it('says on its page the agent version task.json requires', () => {
    expect(readFileSync(resolve(ROOT, manifest.content.details.path), 'utf8')).toContain(
      `agents ${task.minimumAgentVersion} or later`,
    );
  });
});
