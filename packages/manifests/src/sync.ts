import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionInputDifferences, syncActionYml } from './action-yml.js';
import { docTableDifferences, syncDocTables } from './doc-tables.js';
import { syncTaskJson, taskInputDifferences } from './task-json.js';

/** One file the catalogue writes into: how to rewrite it, and how it differs today. */
interface Target {
  file: string;
  sync(text: string): string;
  differences(text: string, file: string): string[];
}

/** README.md and every docs/*.md: only their marked tables are the catalogue's. */
function documents(root: string): string[] {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => `docs/${name}`)
    : [];
  return ['README.md', ...docs].filter((file) => existsSync(join(root, file)));
}

function targets(root: string): Target[] {
  return [
    { file: 'action.yml', sync: syncActionYml, differences: actionInputDifferences },
    { file: 'task.json', sync: syncTaskJson, differences: taskInputDifferences },
    ...documents(root).map((file) => ({ file, sync: syncDocTables, differences: docTableDifferences })),
  ];
}

export interface SyncReport {
  /** Files rewritten (write mode) or that would be (check mode). */
  changed: string[];
  /** Check mode: each difference from the catalogue, naming the file, the input and what differs. */
  problems: string[];
}

/**
 * `pnpm sync` (write) rewrites the catalogue's parts of the manifests and docs under `root`; `pnpm
 * check:manifests` (check) only reports how they differ, and changes nothing.
 */
export function syncManifests(root: string, mode: 'write' | 'check'): SyncReport {
  const report: SyncReport = { changed: [], problems: [] };
  for (const target of targets(root)) {
    const path = join(root, target.file);
    const text = readFileSync(path, 'utf8');
    const synced = target.sync(text);
    if (synced === text) continue;
    report.changed.push(target.file);
    if (mode === 'write') {
      writeFileSync(path, synced);
      continue;
    }
    const problems = target.differences(text, target.file);
    report.problems.push(
      ...(problems.length > 0 ? problems : [`${target.file}: not laid out as pnpm sync writes it`]),
    );
  }
  return report;
}
