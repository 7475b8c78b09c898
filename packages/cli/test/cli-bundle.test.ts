// The committed bundle (`node packages/cli/dist/index.js`) against the loopback ProGet emulator: the records
// ProGet would store, the exit codes, what is printed where, and that the key is never printed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PACKAGE_SIZE, startEmulator, type Emulator } from '@proget-deploy/emulator';
import { RECORD_FLAGS } from '../src/flags';
import { CLI_VERSION } from '../src/version';
import { GITLAB_ENV } from './gitlab-env';
import { closedPort, runCli, type CliRun } from '@proget-deploy/testkit';

const KEY = 'cli-THE-KEY-1234567890';
const FEED = 'shop-feed';
const DATE_ARGS = ['--date', '2026-11-25T10:30:00+01:00'];
const DATE = '2026-11-25T09:30:00.000Z';

const JENKINS_ENV = {
  JENKINS_URL: 'https://jenkins.example.com/',
  JOB_NAME: 'shop/deploy',
  BUILD_NUMBER: '57',
  BUILD_URL: 'https://jenkins.example.com/job/shop/job/deploy/57/',
  BUILD_USER_ID: 'bob',
};

let emulator: Emulator;
let connection: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY], feeds: { [FEED]: { type: 'universal' } } });
  connection = { PROGET_SERVER: emulator.url, PROGET_API_KEY: KEY, PROGET_FEED: FEED };
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

function expectNoKey(run: CliRun): void {
  expect(run.stdout).not.toContain(KEY);
  expect(run.stderr).not.toContain(KEY);
}

/** Exit 2: one line on stderr, nothing on stdout, and not a single request. */
function expectUsageError(run: CliRun, reason: string | RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toMatch(reason);
  expect(lines.filter((l) => l.startsWith('proget-deploy:'))).toHaveLength(1);
  // Nothing about the CI before an error: the run never went ahead.
  expect(run.stderr).not.toMatch(/^CI: /m);
  expect(emulator.requests).toHaveLength(0);
  expectNoKey(run);
}

describe('recording from a CI', () => {
  it('records what a GitLab deployment job says about itself (exit 0, table and verdict on stdout)', async () => {
    const run = await runCli(
      ['record', '--package', 'app@1.2.3', '--package', '@acme/lib@2.0.0', ...DATE_ARGS],
      {
        ...GITLAB_ENV,
        ...connection,
      },
    );
    expect(run.code).toBe(0);
    const common = {
      Application: 'GitLab CI/CD',
      Description: 'Deployed by job "deploy-production" of pipeline #987654 in acme/shop at 01234567',
      Target: 'production',
      FeedName: FEED,
      UserName: 'alice',
      Url: 'https://gitlab.example.com/acme/shop/-/jobs/4242',
      Date: DATE,
    };
    expect(emulator.deployments.map((d) => [d.auth, d.record])).toEqual([
      ['header', { ...common, PackageName: 'app', Version: '1.2.3' }],
      ['header', { ...common, GroupName: '@acme', PackageName: 'lib', Version: '2.0.0' }],
    ]);
    expect(run.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      'PACKAGE    VERSION  TARGET      OUTCOME   ATTEMPTS',
      'app        1.2.3    production  recorded  1',
      '@acme/lib  2.0.0    production  recorded  1',
      '',
      `Recorded 2 deployments in ProGet feed "${FEED}".`,
      '',
    ]);
    expect(run.stderr).toContain('CI: GitLab CI/CD (detected).');
    expectNoKey(run);
  });

  it('records a Jenkins build to every target given (packages x targets)', async () => {
    const run = await runCli(
      ['record', '--package', 'app@3.1.0', '--target', 'web-01', '--target', 'web-02', ...DATE_ARGS],
      {
        ...JENKINS_ENV,
        ...connection,
      },
    );
    expect(run.code).toBe(0);
    const common = {
      Application: 'Jenkins',
      Description: 'Deployed by job "shop/deploy" build #57',
      FeedName: FEED,
      PackageName: 'app',
      Version: '3.1.0',
      UserName: 'bob',
      Url: 'https://jenkins.example.com/job/shop/job/deploy/57/',
      Date: DATE,
    };
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      { ...common, Target: 'web-01' },
      { ...common, Target: 'web-02' },
    ]);
  });

  it('lets flags beat variables beat the CI', async () => {
    const run = await runCli(
      ['record', '--package', 'app@1.0.0', '--target', 'canary', '--user', 'flag-user', ...DATE_ARGS],
      {
        ...GITLAB_ENV,
        ...connection,
        PROGET_TARGET: 'staging',
        PROGET_DEPLOYMENT_USER: 'env-user',
        PROGET_APPLICATION: 'Shop deployer',
      },
    );
    expect(run.code).toBe(0);
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      expect.objectContaining({
        Target: 'canary',
        UserName: 'flag-user',
        Application: 'Shop deployer',
        Url: GITLAB_ENV.CI_JOB_URL,
      }),
    ]);
  });

  it('uses terminal defaults outside any CI, and says so', async () => {
    const run = await runCli(
      ['record', '--package', 'tool@0.9.0', '--target', 'laptop', ...DATE_ARGS],
      connection,
    );
    expect(run.code).toBe(0);
    expect(emulator.deployments.map((d) => d.record)).toEqual([
      {
        Application: 'proget-deploy',
        Description: `Deployed with proget-deploy from a terminal on ${hostname()}`,
        Target: 'laptop',
        FeedName: FEED,
        PackageName: 'tool',
        Version: '0.9.0',
        UserName: userInfo().username,
        Date: DATE,
      },
    ]);
    expect(run.stderr).toContain(
      `CI: none detected (terminal): application "proget-deploy", user "${userInfo().username}" (your OS login)`,
    );
  });
});

describe('proget-deploy download', () => {
  it('fetches the package with the deployment headers, which records it, and saves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proget-deploy-cli-'));
    try {
      const run = await runCli(
        [
          'download',
          '--feed-type',
          'universal',
          '--download-to',
          dir,
          '--package',
          'tools/app@1.2.3',
          ...DATE_ARGS,
        ],
        { ...GITLAB_ENV, ...connection },
      );
      expect(run.code).toBe(0);
      expect(emulator.deployments.map((d) => [d.source, d.record])).toEqual([
        [
          'download',
          expect.objectContaining({
            Application: 'GitLab CI/CD',
            Target: 'production',
            FeedName: FEED,
            GroupName: 'tools',
            PackageName: 'app',
            Version: '1.2.3',
            UserName: 'alice',
          }),
        ],
      ]);
      const [file] = readdirSync(dir);
      expect(statSync(join(dir, file!)).size).toBe(DEFAULT_PACKAGE_SIZE);
      expectNoKey(run);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('proget-deploy download usage', () => {
  it('refuses --mode record with the download command before any request', async () => {
    expectUsageError(
      await runCli(['download', '--mode', 'record', '--package', 'app@1.2.3'], {
        ...GITLAB_ENV,
        ...connection,
      }),
      /^proget-deploy: --mode does not go with the download command/,
    );
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('--json', () => {
  it('prints only the results as JSON on stdout; logs stay on stderr', async () => {
    const run = await runCli(['record', '--json', '--package', 'app@1.2.3', ...DATE_ARGS], {
      ...GITLAB_ENV,
      ...connection,
    });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual([
      'outcome',
      'message',
      'recorded',
      'failed',
      'skipped',
      'compliance',
      'records',
    ]);
    expect(result.compliance).toBe('');
    expect(result).toEqual({
      compliance: '',
      outcome: 'success',
      message: `Recorded 1 deployment in ProGet feed "${FEED}".`,
      recorded: 1,
      failed: 0,
      skipped: 0,
      records: [
        {
          package: 'app',
          name: 'app',
          version: '1.2.3',
          target: 'production',
          outcome: 'recorded',
          attempts: 1,
          link: `${emulator.url}/feeds/${FEED}/app/1.2.3`,
          record: emulator.deployments[0]!.record,
        },
      ],
    });
    expect(run.stderr).toContain('CI: GitLab CI/CD (detected).');
  });

  it('reports a failure in the same shape, with the error on the record (exit 1)', async () => {
    emulator.setFaults({ failFirst: { count: 1, status: 500, body: 'database is down' } });
    const run = await runCli(['record', '--json', '--package', 'app@1.2.3', ...DATE_ARGS], {
      ...GITLAB_ENV,
      ...connection,
    });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ outcome: 'failure', recorded: 0, failed: 1, skipped: 0 });
    expect(result.records[0]).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(result.records[0].error).toContain('500 Internal Server Error');
    expect(result.records[0].error).toContain('database is down');
  });
});

describe('failures (exit 1) never print the key', () => {
  it('403: a key ProGet does not accept', async () => {
    const run = await runCli(['record', '--package', 'app@1.2.3', '--target', 'web-01'], {
      ...connection,
      PROGET_API_KEY: `${KEY}-revoked`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('403 Forbidden');
    expect(run.stderr).toMatch(/check PROGET_API_KEY/);
    expect(run.stdout).toContain('failed');
    expect(emulator.deployments).toHaveLength(0);
    expectNoKey(run);
    expect(run.stdout + run.stderr).not.toContain(`${KEY}-revoked`);
  });

  it('500 whose body echoes the key back', async () => {
    emulator.setFaults({
      failFirst: {
        count: 1,
        status: 500,
        body: `Unhandled: X-ApiKey ${KEY} caused a NullReferenceException`,
      },
    });
    const run = await runCli(['record', '--package', 'app@1.2.3', '--target', 'web-01'], connection);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('caused a NullReferenceException');
    expect(run.stderr).toContain('***');
    expectNoKey(run);
  });

  it('a network error (nothing listening), with the key given as a flag', async () => {
    const port = await closedPort();
    const run = await runCli(
      [
        'record',
        '--server',
        `http://127.0.0.1:${port}`,
        '--api-key',
        KEY,
        '--feed',
        FEED,
        '--package',
        'app@1.2.3',
        '--target',
        'web-01',
        '--retries',
        '0',
      ],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ECONNREFUSED|refused/);
    expect(run.stderr).toContain('warning: --api-key on the command line');
    expectNoKey(run);
  });

  it('--verbose logs every request, still without the key', async () => {
    const run = await runCli(
      ['record', '--verbose', '--package', 'app@1.2.3', '--target', 'web-01'],
      connection,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`debug: POST ${emulator.url}/api/package-deployment/`);
    expectNoKey(run);
  });
});

describe('--on-error warn', () => {
  it('exits 0 when ProGet fails, and says so on stderr', async () => {
    emulator.setFaults({ failFirst: { count: 1, status: 500 } });
    const run = await runCli(
      ['record', '--on-error', 'warn', '--package', 'app@1.2.3', '--target', 'web-01'],
      connection,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /warning: 1 of 1 deployment record not recorded .* \(forgiven by --on-error warn: exit code 0\)/,
    );
  });

  it('still exits 1 for a rejected key: a configuration error is never forgiven', async () => {
    const run = await runCli(
      ['record', '--on-error', 'warn', '--package', 'app@1.2.3', '--target', 'web-01'],
      {
        ...connection,
        PROGET_API_KEY: 'wrong-key',
      },
    );
    expect(run.code).toBe(1);
  });
});

describe('--dry-run', () => {
  it('shows the detected CI and the records, sends nothing, prints no key', async () => {
    const run = await runCli(
      ['record', '--dry-run', '--api-key', KEY, '--package', 'app@1.2.3', ...DATE_ARGS],
      {
        ...GITLAB_ENV,
        ...connection,
        PROGET_DESCRIPTION: `deploy with ${KEY} in the description`,
      },
    );
    expect(run.code).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    expect(run.stdout).toContain(`Dry run: 1 record resolved for ProGet feed "${FEED}"; nothing was sent.`);
    // The detected CI is said once, on stderr.
    expect(`${run.stdout}${run.stderr}`.split('CI: GitLab CI/CD (detected).')).toHaveLength(2);
    const line = run.stderr.split('\n').find((l) => l.startsWith('[dry run] '));
    expect(JSON.parse(line!.slice('[dry run] '.length))).toEqual({
      Application: 'GitLab CI/CD',
      Description: 'deploy with *** in the description',
      Target: 'production',
      FeedName: FEED,
      PackageName: 'app',
      Version: '1.2.3',
      UserName: 'alice',
      Url: GITLAB_ENV.CI_JOB_URL,
      Date: DATE,
    });
    expectNoKey(run);
  });
});

describe('usage errors and invalid input (exit 2, nothing sent)', () => {
  const record = ['record', '--package', 'app@1.2.3', '--target', 'web-01'];

  it('no command', async () => {
    expectUsageError(await runCli([], connection), /no command given/);
  });

  it('an unknown flag', async () => {
    expectUsageError(await runCli([...record, '--sever', 'x'], connection), /Unknown option '--sever'/);
  });

  it('a mistyped flag, with the flag meant', async () => {
    const run = await runCli([...record, '--sca-stag', 'Production'], connection);
    expectUsageError(run, /Unknown option/);
    expect(run.stderr).toBe(
      "proget-deploy: Unknown option '--sca-stag'; did you mean --sca-stage? (see proget-deploy record --help)\n",
    );
  });

  it('a mistyped command, with the command meant', async () => {
    const run = await runCli(['recrod', '--package', 'app@1.2.3'], connection);
    expectUsageError(run, /unknown command/);
    expect(run.stderr).toBe(
      'proget-deploy: unknown command "recrod"; did you mean "record"? (see proget-deploy --help)\n',
    );
  });

  it("--version after the command, where --package-version is the packages' version", async () => {
    const run = await runCli([...record, '--version', '1.2.3'], connection);
    expectUsageError(run, /--version/);
    expect(run.stderr).toBe(
      "proget-deploy: --version is the tool's version; the packages' default version is --package-version\n",
    );
  });

  it('a missing feed', async () => {
    expectUsageError(await runCli(record, { ...connection, PROGET_FEED: '' }), /--feed is required/);
  });

  it('a bad package spec', async () => {
    expectUsageError(
      await runCli(['record', '--package', 'app@', '--target', 'web-01'], connection),
      /--package line 1 "app@"/,
    );
  });

  it('a Package URL whose name decodes to a slash (a%2Fb is not a/b)', async () => {
    expectUsageError(
      await runCli(['record', '--package', 'ok@1\npkg:npm/a%2Fb@1', '--target', 'web-01'], connection),
      'proget-deploy: --package line 2 "pkg:npm/a%2Fb@1": the name "a/b" has a "/" written as %2F, which a Package URL segment cannot hold',
    );
  });

  it('a bad value from an environment variable names the variable', async () => {
    expectUsageError(
      await runCli(record, { ...connection, PROGET_TIMEOUT: 'soon' }),
      /PROGET_TIMEOUT must be a number/,
    );
  });

  it('no target outside a CI environment', async () => {
    expectUsageError(
      await runCli(['record', '--package', 'app@1'], {
        ...GITLAB_ENV,
        ...connection,
        CI_ENVIRONMENT_NAME: '',
      }),
      /no target: set --target .*CI_ENVIRONMENT_NAME/,
    );
  });

  it('a server URL carrying the key in its query string', async () => {
    expectUsageError(
      await runCli(record, { ...connection, PROGET_SERVER: `${emulator.url}/?key=${KEY}` }),
      /PROGET_SERVER must be ProGet's root URL/,
    );
  });

  it('the key left behind by a broken flag (`--api-key= KEY`) is described, never quoted', async () => {
    const run = await runCli(['record', '--feed', FEED, '--api-key=', KEY], { PROGET_SERVER: emulator.url });
    expectUsageError(run, /unexpected value \(argument 4 after "record"\): every value follows its flag/);
  });

  it('the key given as a command', async () => {
    expectUsageError(
      await runCli([KEY], {}),
      /^proget-deploy: unknown command; the commands are "record", "download" and "audit"/,
    );
  });

  it('a value that happens to be the key is masked in the error', async () => {
    expectUsageError(
      await runCli(record, { ...connection, PROGET_DATE: KEY }),
      /PROGET_DATE "\*\*\*" is not an ISO 8601 date/,
    );
  });

  it('a flag with the key and a typo elsewhere', async () => {
    const run = await runCli(['record', `--api-key=${KEY}`, '--fed', FEED], { PROGET_SERVER: emulator.url });
    expectUsageError(run, /Unknown option '--fed'/);
  });

  it('an unreadable CA file', async () => {
    expectUsageError(
      await runCli([...record, '--ca-cert', '/nonexistent/ca.pem'], connection),
      /--ca-cert "\/nonexistent\/ca.pem" cannot be read/,
    );
  });
});

describe('help and version', () => {
  it('proget-deploy record --help lists every flag with its environment variable', async () => {
    const run = await runCli(['record', '--help']);
    expect(run.code).toBe(0);
    for (const spec of RECORD_FLAGS) {
      expect(run.stdout).toMatch(new RegExp(`--${spec.flag}\\b.*env ${spec.env}\\n`));
    }
  });

  it('proget-deploy --help names the command, the detected CIs and the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('proget-deploy record --server URL --feed NAME --package SPEC');
    expect(run.stdout).toContain('GitLab CI/CD (GITLAB_CI)');
    expect(run.stdout).toContain('2  usage error or invalid input; nothing was sent');
  });

  it('proget-deploy --version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    expect(CLI_VERSION).toBe(pkg.version);
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('the bundle is an executable with a node shebang', () => {
    expect(
      readFileSync(resolve(__dirname, '../dist/index.js'), 'utf8').startsWith('#!/usr/bin/env node\n'),
    ).toBe(true);
  });
});
