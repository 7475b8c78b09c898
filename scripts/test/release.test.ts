// The release scripts as a maintainer and the release workflow run them: version stamping and its check,
// release notes from CHANGELOG.md, and moving the major tag — each on a scratch copy of the repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SCRIPTS = [
  'product.mjs',
  'changelog.mjs',
  'release-version.mjs',
  'check-versions.mjs',
  'release-notes.mjs',
];
const MANIFESTS = [
  'package.json',
  'task.json',
  'vss-extension.json',
  'overview.md',
  'CHANGELOG.md',
  'packages/cli/src/version.ts',
  ...['azure-task', 'cli', 'core', 'emulator', 'github-action'].map((p) => `packages/${p}/package.json`),
];

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'release-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The repository's manifests and release scripts, copied into the scratch directory. */
function copyRepository(): void {
  for (const file of [...MANIFESTS, ...SCRIPTS.map((s) => `scripts/${s}`)]) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(ROOT, file), join(scratch, file));
  }
}

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(scratch, 'scripts', script), ...args], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (file: string) => readFileSync(join(scratch, file), 'utf8');
const json = (file: string) => JSON.parse(read(file));

describe('product version', () => {
  it('is the same in every manifest of the repository', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/check-versions.mjs')], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('release:version stamps every manifest, keeps their formatting and dates the changelog', () => {
    copyRepository();
    const taskBefore = read('task.json');
    const result = run('release-version.mjs', '2.3.4');

    expect(result.code).toBe(0);
    expect(json('package.json').version).toBe('2.3.4');
    for (const name of ['azure-task', 'cli', 'core', 'emulator', 'github-action'])
      expect(json(`packages/${name}/package.json`).version).toBe('2.3.4');
    expect(json('vss-extension.json').version).toBe('2.3.4');
    expect(json('task.json').version).toEqual({ Major: 2, Minor: 3, Patch: 4 });
    expect(read('packages/cli/src/version.ts')).toContain("CLI_VERSION = '2.3.4';");
    // Only the three version numbers changed in task.json.
    const changedLines = read('task.json')
      .split('\n')
      .filter((line, i) => line !== taskBefore.split('\n')[i]);
    expect(changedLines).toEqual(['    "Major": 2,', '    "Minor": 3,', '    "Patch": 4']);
    const today = new Date().toISOString().slice(0, 10);
    expect(read('CHANGELOG.md')).toContain(`## [Unreleased]\n\n## [2.3.4] - ${today}\n\n### Added\n`);
    expect(run('check-versions.mjs')).toMatchObject({
      code: 0,
      stdout: 'check:versions: every manifest is at 2.3.4, from OWNER/proget-deployments\n',
    });
  });

  it('check:versions names each manifest that disagrees', () => {
    copyRepository();
    const version = json('package.json').version;
    writeFileSync(
      join(scratch, 'vss-extension.json'),
      read('vss-extension.json').replace(`"version": "${version}"`, '"version": "0.9.0"'),
    );

    const result = run('check-versions.mjs');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `check:versions: vss-extension.json has version 0.9.0, the product version is ${version}`,
    );
    expect(result.stderr).toContain(`Run pnpm release:version ${version}`);
  });

  it('check:versions names a manifest that links to another repository', () => {
    copyRepository();
    const cli = json('packages/cli/package.json');
    cli.bugs.url = 'https://github.com/someone-else/fork/issues';
    writeFileSync(join(scratch, 'packages/cli/package.json'), JSON.stringify(cli, null, 2));

    expect(run('check-versions.mjs')).toMatchObject({
      code: 1,
      stderr:
        "check:versions: packages/cli/package.json links to https://github.com/someone-else/fork/issues, not the product's repository OWNER/proget-deployments\n",
    });
  });

  it("check:versions names the task's help and the Marketplace page when they link to another repository", () => {
    copyRepository();
    const task = read('task.json');
    writeFileSync(
      join(scratch, 'task.json'),
      task.replace('OWNER/proget-deployments/blob/main/docs', 'fork/x/blob/main/docs'),
    );
    const overview = read('overview.md');
    writeFileSync(
      join(scratch, 'overview.md'),
      overview.replace('OWNER/proget-deployments/blob', 'fork/x/blob'),
    );

    expect(run('check-versions.mjs')).toMatchObject({
      code: 1,
      stderr: [
        "check:versions: task.json links to https://github.com/fork/x/blob/main/docs/azure-devops.md, not the product's repository OWNER/proget-deployments",
        "check:versions: overview.md links to https://github.com/fork/x/blob/main/docs/azure-devops.md, not the product's repository OWNER/proget-deployments",
        '',
      ].join('\n'),
    });
  });

  it('in the release workflow, checks the tag and the repository that builds the release', () => {
    copyRepository();
    const version = json('package.json').version;
    expect(
      run('check-versions.mjs', '--tag', `v${version}`, '--repository', 'OWNER/proget-deployments').code,
    ).toBe(0);

    const result = run('check-versions.mjs', '--tag', 'v9.9.9', '--repository', 'acme/proget-deployments');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `check:versions: the tag v9.9.9 is not the product version v${version} (package.json)`,
      "check:versions: package.json's repository is OWNER/proget-deployments, but this is acme/proget-deployments: update it",
      '',
    ]);
  });

  it('release:version refuses what is not a semantic version, changing nothing', () => {
    copyRepository();
    const result = run('release-version.mjs', 'v2.0');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'release:version: give the new version as X.Y.Z (semantic versioning), not "v2.0"\n',
    );
    expect(json('package.json').version).toBe(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});

describe('release notes', () => {
  const CHANGELOG = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '## [1.1.0] - 2026-11-20',
    '',
    '### Fixed',
    '',
    '- Retries honour Retry-After.',
    '',
    '## [1.0.0] - 2026-10-01',
    '',
    '- First release.',
    '',
    '[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0',
    '',
  ].join('\n');

  beforeEach(() => {
    copyRepository();
    writeFileSync(join(scratch, 'CHANGELOG.md'), CHANGELOG);
  });

  it("prints the tag's section, without its heading or the next one", () => {
    expect(run('release-notes.mjs', 'v1.1.0')).toEqual({
      code: 0,
      stdout: '### Fixed\n\n- Retries honour Retry-After.\n',
      stderr: '',
    });
    expect(run('release-notes.mjs', '1.0.0').stdout).toBe('- First release.\n');
  });

  it('fails in one line for a version the changelog does not have, or an empty section', () => {
    expect(run('release-notes.mjs', 'v1.2.0')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'release-notes: CHANGELOG.md has no "## [1.2.0]" section\n',
    });
    writeFileSync(join(scratch, 'CHANGELOG.md'), CHANGELOG.replace('- First release.\n', ''));
    expect(run('release-notes.mjs', 'v1.0.0').stderr).toBe(
      'release-notes: CHANGELOG.md\'s "## [1.0.0]" section is empty\n',
    );
  });

  it('release:version refuses to release an empty Unreleased section', () => {
    const result = run('release-version.mjs', '1.2.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "release:version: CHANGELOG.md's Unreleased section is empty: say what 1.2.0 changes\n",
    );
  });
});

describe('move-major-tag', () => {
  const script = join(ROOT, 'scripts/move-major-tag.mjs');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch, encoding: 'utf8' }).trim();
  const move = (...args: string[]) => {
    const result = spawnSync(process.execPath, [script, ...args], { cwd: scratch, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const commit = (message: string) => {
    git('commit', '--allow-empty', '--quiet', '-m', message);
    return git('rev-parse', 'HEAD');
  };

  beforeEach(() => {
    git('init', '--quiet', '--initial-branch', 'main');
    git('config', 'user.email', 'release@example.com');
    git('config', 'user.name', 'Release');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'tag.gpgsign', 'false');
  });

  it('points v1 at each newer release, and pushes it with --push', () => {
    const origin = mkdtempSync(join(tmpdir(), 'release-origin-'));
    try {
      execFileSync('git', ['init', '--quiet', '--bare', origin]);
      git('remote', 'add', 'origin', origin);
      const first = commit('1.0.0');
      git('tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
      expect(move('v1.0.0')).toMatchObject({
        code: 0,
        stdout: `move-major-tag: v1 → v1.0.0 (${first.slice(0, 7)})\n`,
      });
      expect(git('rev-parse', 'v1^{commit}')).toBe(first);

      const second = commit('1.1.0');
      git('tag', 'v1.1.0');
      expect(move('v1.1.0', '--push').code).toBe(0);
      expect(git('rev-parse', 'v1^{commit}')).toBe(second);
      expect(
        execFileSync('git', ['--git-dir', origin, 'rev-parse', 'v1^{commit}'], { encoding: 'utf8' }).trim(),
      ).toBe(second);
    } finally {
      rmSync(origin, { recursive: true, force: true });
    }
  });

  it('leaves v1 alone for a patch to an older line and for a pre-release', () => {
    commit('1.0.0');
    git('tag', 'v1.0.0');
    const newest = commit('1.1.0');
    git('tag', 'v1.1.0');
    expect(move('v1.1.0').code).toBe(0);
    git('tag', 'v1.0.1', 'v1.0.0');
    git('tag', 'v1.2.0-rc.1');

    expect(move('v1.0.1')).toMatchObject({
      code: 0,
      stdout: 'move-major-tag: v1 stays with v1.1.0, which is newer than v1.0.1\n',
    });
    expect(move('v1.2.0-rc.1')).toMatchObject({
      code: 0,
      stdout: 'move-major-tag: v1.2.0-rc.1 is a pre-release; the major tag stays where it is\n',
    });
    expect(git('rev-parse', 'v1^{commit}')).toBe(newest);
  });

  it('fails in one line for a tag that is not a release tag or does not exist', () => {
    commit('1.0.0');
    expect(move('release-1')).toMatchObject({
      code: 1,
      stderr: 'move-major-tag: "release-1" is not a release tag like v1.2.3\n',
    });
    expect(move('v1.0.0')).toMatchObject({
      code: 1,
      stderr: 'move-major-tag: tag v1.0.0 does not exist here (fetch tags first)\n',
    });
  });
});
