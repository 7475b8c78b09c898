// Flag beats environment variable beats the detected CI: checked on the settings the CLI hands to core,
// and on the plan core resolves from them with a CI's context.
import {
  InvalidInputError,
  resolvePlan as resolveAny,
  type ContextDefaults,
  type DeploymentPlan,
  type RawInputs,
  type InputNames,
} from '@proget-deploy/core/internal';

/** The plan of a step that records, which every test here resolves. */
const resolvePlan = (raw: RawInputs, context: ContextDefaults, names: InputNames) =>
  resolveAny(raw, context, names) as DeploymentPlan;
import { parseCommandLine, UsageError, type FlagValues } from '../src/command-line';
import { readSettings } from '../src/inputs';

function flags(...args: string[]): FlagValues {
  const command = parseCommandLine(['record', ...args]);
  if (command.name !== 'record') throw new Error(`not a record command: ${command.name}`);
  return command.flags;
}

const GITLAB: ContextDefaults = {
  application: 'GitLab CI/CD',
  description: 'Deployed by job "deploy"',
  user: 'alice',
  url: 'https://gitlab.example.com/acme/shop/-/jobs/1',
  targets: ['production'],
};

const BASE_ENV = {
  PROGET_SERVER: 'https://proget.example.com',
  PROGET_FEED: 'shop',
  PROGET_PACKAGE: 'app@1.0.0',
};

describe('readSettings', () => {
  it('takes a flag over its environment variable', () => {
    const settings = readSettings(flags('--feed', 'from-flag', '--target', 'canary'), {
      PROGET_FEED: 'from-env',
      PROGET_TARGET: 'staging',
    });
    expect(settings.raw.feed).toBe('from-flag');
    expect(settings.raw.target).toBe('canary');
  });

  it('falls back to the environment variable, and names it in errors', () => {
    const settings = readSettings({}, { PROGET_FEED: 'from-env', PROGET_TIMEOUT: 'soon' });
    expect(settings.raw.feed).toBe('from-env');
    expect(settings.names.feed).toBe('PROGET_FEED');
    expect(settings.names.timeout).toBe('PROGET_TIMEOUT');
    expect(() =>
      resolvePlan({ ...settings.raw, server: 'https://p', package: 'a@1' }, GITLAB, settings.names),
    ).toThrow('PROGET_TIMEOUT must be a number from 1 to 600, not "soon"');
  });

  it('names the flag when the flag gave the value', () => {
    const settings = readSettings(flags('--timeout', 'soon'), { PROGET_TIMEOUT: '5' });
    expect(settings.names.timeout).toBe('--timeout');
    expect(settings.raw.timeout).toBe('soon');
  });

  it('joins a repeated flag into lines and ignores the variable entirely', () => {
    const settings = readSettings(
      flags('--package', 'a@1', '--package', '@acme/b@2', '--target', 'web-01', '--target', 'web-02'),
      {
        PROGET_PACKAGE: 'ignored@9',
      },
    );
    expect(settings.raw.package).toBe('a@1\n@acme/b@2');
    expect(settings.raw.target).toBe('web-01\nweb-02');
  });

  it('reads the user and link from PROGET_DEPLOYMENT_USER/_URL, never from PROGET_USER/PROGET_URL', () => {
    const settings = readSettings(
      {},
      {
        PROGET_USER: 'svc-proget',
        PROGET_URL: 'https://proget.example.com',
        PROGET_DEPLOYMENT_USER: 'erin',
        PROGET_DEPLOYMENT_URL: 'https://deploys.example.com/1',
      },
    );
    expect(settings.raw.user).toBe('erin');
    expect(settings.raw.url).toBe('https://deploys.example.com/1');
  });

  it('treats an empty variable as unset, so the CI context still applies', () => {
    const settings = readSettings({}, { ...BASE_ENV, PROGET_TARGET: '', PROGET_DEPLOYMENT_USER: '  ' });
    const plan = resolvePlan(settings.raw, GITLAB, settings.names);
    expect(plan.targets).toEqual(['production']);
    expect(plan.user).toBe('alice');
  });

  it('resolves flag over env over CI for every field the CI fills', () => {
    const env = {
      ...BASE_ENV,
      PROGET_TARGET: 'staging',
      PROGET_APPLICATION: 'Shop deployer',
      PROGET_DEPLOYMENT_USER: 'erin',
    };
    const plan = resolvePlan(
      readSettings(
        flags('--target', 'canary', '--description', 'hotfix', '--url', 'https://x.example/1'),
        env,
      ).raw,
      GITLAB,
      readSettings({}, env).names,
    );
    expect(plan.targets).toEqual(['canary']); // flag over env over CI
    expect(plan.application).toBe('Shop deployer'); // env over CI
    expect(plan.user).toBe('erin'); // env over CI
    expect(plan.description).toBe('hotfix'); // flag over CI
    expect(plan.url).toBe('https://x.example/1'); // flag over CI

    const fromCi = resolvePlan(readSettings({}, BASE_ENV).raw, GITLAB, readSettings({}, BASE_ENV).names);
    expect([fromCi.targets, fromCi.application, fromCi.user, fromCi.description, fromCi.url]).toEqual([
      ['production'],
      'GitLab CI/CD',
      'alice',
      'Deployed by job "deploy"',
      'https://gitlab.example.com/acme/shop/-/jobs/1',
    ]);
  });

  it('reads booleans from flags or variables, and rejects a variable that is not one', () => {
    expect(readSettings(flags('--json', '--dry-run'), {})).toMatchObject({
      json: true,
      raw: { dryRun: 'true' },
    });
    expect(readSettings({}, { PROGET_JSON: 'yes', PROGET_DRY_RUN: '1' })).toMatchObject({
      json: true,
      raw: { dryRun: '1' },
    });
    expect(readSettings({}, {})).toMatchObject({ json: false, verbose: false });
    expect(() => readSettings({}, { PROGET_JSON: 'maybe' })).toThrow(InvalidInputError);
    expect(() => readSettings({}, { PROGET_JSON: 'maybe' })).toThrow('PROGET_JSON must be true or false');
  });

  it('notices a key typed on the command line, and suggests the variable when none is set', () => {
    expect(readSettings(flags('--api-key', 'k-123'), {}).secretsOnCommandLine.map((f) => f.flag)).toEqual([
      'api-key',
    ]);
    expect(readSettings({}, { PROGET_API_KEY: 'k-123' }).secretsOnCommandLine).toEqual([]);
    expect(readSettings({}, {}).names.apiKey).toBe('PROGET_API_KEY');
  });
});

describe('parseCommandLine', () => {
  it("routes help and version; the packages' version is --package-version", () => {
    expect(parseCommandLine(['--help'])).toEqual({ name: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ name: 'version' });
    expect(parseCommandLine(['record', '--help'])).toEqual({ name: 'record-help' });
    expect(flags('--package-version', '1.2.3')['package-version']).toBe('1.2.3');
    expect(() => flags('--version', '1.2.3')).toThrow(
      new UsageError("--version is the tool's version; the packages' default version is --package-version"),
    );
  });

  it('rejects what it cannot run with one line that points at the help', () => {
    expect(() => parseCommandLine([])).toThrow(UsageError);
    expect(() => parseCommandLine(['deploy'])).toThrow('unknown command "deploy"; the commands are');
    expect(() => parseCommandLine(['recrod'])).toThrow(
      new UsageError('unknown command "recrod"; did you mean "record"? (see proget-deploy --help)'),
    );
    expect(() => parseCommandLine(['--feed', 'x'])).toThrow('options go after the command');
    expect(() => flags('--sever', 'x')).toThrow(
      new UsageError("Unknown option '--sever'; did you mean --server? (see proget-deploy record --help)"),
    );
    expect(() => flags('--force')).toThrow(
      new UsageError("Unknown option '--force' (see proget-deploy record --help)"),
    );
    expect(() => flags('--feed')).toThrow(UsageError);
    expect(() => flags('stray')).toThrow(UsageError);
  });
});
