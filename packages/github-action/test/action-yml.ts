import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseActionYml, type ActionMetadata } from '@proget-deploy/manifests';

export type { ActionEntry } from '@proget-deploy/manifests';

/** The repository root, where action.yml, README.md and the committed bundle are. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** action.yml as the manifests tool reads it (the parser `pnpm check:manifests` trusts). */
export function readActionYml(path = join(REPO_ROOT, 'action.yml')): ActionMetadata {
  return parseActionYml(readFileSync(path, 'utf8'));
}
