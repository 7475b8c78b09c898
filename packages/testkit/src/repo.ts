import { join } from 'node:path';

/** The repository root, where action.yml, task.json and the packages' committed bundles are. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Files the tests share: certificates and keys for TLS tests, SBOMs in each format. */
export const FIXTURES = join(REPO_ROOT, 'packages', 'testkit', 'fixtures');
