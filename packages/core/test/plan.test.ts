import { buildRecords } from '../src/record/plan-records.js';
import { InvalidInputError } from '../src/errors.js';
import { AZURE_INPUT_NAMES, CLI_INPUT_NAMES, GITHUB_INPUT_NAMES } from '../src/inputs/names.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeployment, type ContextDefaults, type DeploymentPlan, type StepPlan } from '../src/plan/plan.js';
import { resolvePlan as resolveAny, type RawInputs } from '../src/plan/resolve.js';
import { FIXTURES } from '@proget-deploy/testkit';

const CA = join(FIXTURES, 'ca.pem');

/** The plan of a step that records (what every test here resolves), or the test fails. */
function deployment(plan: StepPlan): DeploymentPlan {
  if (!isDeployment(plan)) throw new Error(`expected a plan that records, got ${plan.action}`);
  return plan;
}

function resolvePlan(
  raw: RawInputs,
  context: ContextDefaults,
  names: typeof GITHUB_INPUT_NAMES,
  clock: () => Date,
) {
  return deployment(resolveAny(raw, context, names, { now: clock }));
}

const NOW = new Date('2026-11-25T14:30:00.000Z');
const now = () => NOW;

const RAW: RawInputs = {
  server: 'https://proget.example.com',
  feed: 'internal-npm',
  package: '@babel/runtime@7.24.0',
  target: 'production',
};

const CONTEXT: ContextDefaults = {
  application: 'GitHub Actions',
  description: 'Deployed by workflow "deploy" run #42 of acme/web at abcdef1',
  user: 'octocat',
  url: 'https://github.com/acme/web/actions/runs/9/attempts/1',
  targets: ['staging'],
  targetHint: 'or deploy from a job with an environment',
};

function github(raw: RawInputs, context: ContextDefaults = CONTEXT) {
  return resolvePlan(raw, context, GITHUB_INPUT_NAMES, now);
}

function azure(raw: RawInputs, context: ContextDefaults = CONTEXT) {
  return resolvePlan(raw, context, AZURE_INPUT_NAMES, now);
}

describe('resolvePlan', () => {
  it('resolves a minimal run with the context filling the rest', () => {
    expect(github(RAW)).toEqual({
      server: 'https://proget.example.com',
      feed: 'internal-npm',
      packages: [
        {
          group: '@babel',
          name: 'runtime',
          version: '7.24.0',
          source: { line: 1, text: '@babel/runtime@7.24.0' },
        },
      ],
      targets: ['production'],
      application: 'GitHub Actions',
      description: 'Deployed by workflow "deploy" run #42 of acme/web at abcdef1',
      user: 'octocat',
      url: 'https://github.com/acme/web/actions/runs/9/attempts/1',
      date: '2026-11-25T14:30:00.000Z',
      onError: 'fail',
      onNoncompliant: 'fail',
      dryRun: false,
      timeoutMs: 30_000,
      retries: 3,
      concurrency: 4,
      action: 'record',
      transport: {},
      names: GITHUB_INPUT_NAMES,
      duplicates: 0,
    });
  });

  it('lets every typed input win over the context, trimmed', () => {
    const plan = github({
      ...RAW,
      server: ' https://proget.example.com/proget/ ',
      apiKey: ' k3y ',
      authMethod: 'BASIC',
      feed: ' feed ',
      target: 'eu-west\r\nus-east',
      application: ' Octopus ',
      description: ' Hotfix ',
      user: ' ada ',
      url: ' https://ci.example/run/1 ',
      date: '2026-11-25T15:30:00+01:00',
      onError: 'Warn',
      dryRun: 'yes',
      timeout: '2.5',
      retries: '0',
      concurrency: '8',
      caCert: `${CA}\n\n${CA}`,
      insecure: 'true',
    });
    expect(plan).toMatchObject({
      server: 'https://proget.example.com/proget/',
      apiKey: 'k3y',
      authMethod: 'basic',
      feed: 'feed',
      targets: ['eu-west', 'us-east'],
      application: 'Octopus',
      description: 'Hotfix',
      user: 'ada',
      url: 'https://ci.example/run/1',
      date: '2026-11-25T14:30:00.000Z',
      onError: 'warn',
      dryRun: true,
      timeoutMs: 2500,
      retries: 0,
      concurrency: 8,
      transport: { insecure: true },
    });
    // Both CA files read while the plan is made: a file that cannot be read fails before any request.
    const pem = readFileSync(CA, 'utf8').trim();
    expect(plan.transport.extraCas!.slice(-2)).toEqual([pem, pem]);
  });

  it('treats blank inputs as not given', () => {
    const plan = github({
      ...RAW,
      target: ' \n ',
      application: ' ',
      description: '',
      user: ' ',
      url: ' ',
      apiKey: ' ',
    });
    expect(plan).toMatchObject({
      targets: ['staging'],
      application: 'GitHub Actions',
      description: CONTEXT.description,
      user: 'octocat',
      url: CONTEXT.url,
    });
    expect(plan.apiKey).toBeUndefined();
  });

  it('describes the run by its application when the context has no description', () => {
    const plan = github(RAW, { application: 'Jenkins' });
    expect(plan.description).toBe('Deployed with Jenkins');
    expect(plan.user).toBeUndefined();
    expect(plan.url).toBeUndefined();
  });

  it('reads the package input with the version and group defaults', () => {
    const plan = github({
      ...RAW,
      package: 'web\n# skipped\nlibs/api@2.0.0',
      version: '1.0.0',
      group: 'apps',
    });
    expect(plan.packages.map((p) => [p.group, p.name, p.version])).toEqual([
      ['apps', 'web', '1.0.0'],
      ['libs', 'api', '2.0.0'],
    ]);
  });

  it('fails on a bad package line before anything else happens', () => {
    expect(() => github({ ...RAW, package: 'web@1.0.0\nfoo@' })).toThrow(
      new InvalidInputError('package line 2 "foo@": nothing after "@"; write name@version'),
    );
  });

  describe('required inputs', () => {
    it.each([
      ['server', 'server is required: the root URL of your ProGet server, e.g. https://proget.example.com'],
      ['feed', 'feed is required: the name of the ProGet feed that holds the package'],
      ['package', 'package is required: one name@version per line'],
    ] as const)('requires %s', (input, message) => {
      for (const value of [undefined, '', '  \n ']) {
        expect(() => github({ ...RAW, [input]: value })).toThrow(new InvalidInputError(message));
        expect(() => azure({ ...RAW, [input]: value })).toThrow(new InvalidInputError(message));
      }
    });

    it('names the CLI flag at a terminal', () => {
      expect(() => resolvePlan({ ...RAW, feed: '' }, CONTEXT, CLI_INPUT_NAMES, now)).toThrow(
        '--feed is required: the name of the ProGet feed that holds the package',
      );
    });

    it('requires a target when the context has none, with the platform hint', () => {
      expect(() => github({ ...RAW, target: '' }, { ...CONTEXT, targets: [] })).toThrow(
        new InvalidInputError(
          'no target: set target to where the package was deployed, or deploy from a job with an environment',
        ),
      );
      expect(() => github({ ...RAW, target: '# none' }, { application: 'x', targets: [' '] })).toThrow(
        new InvalidInputError('no target: set target to where the package was deployed'),
      );
    });

    it('takes the targets from the context when the input is empty', () => {
      expect(
        github({ ...RAW, target: undefined }, { ...CONTEXT, targets: [' prod-eu ', '', 'prod-us'] }).targets,
      ).toEqual(['prod-eu', 'prod-us']);
    });

    it('reads several targets, one per line, skipping blanks and comments', () => {
      expect(github({ ...RAW, target: '# regions\r\neu-west\r\n\r\n  us-east  \n' }).targets).toEqual([
        'eu-west',
        'us-east',
      ]);
    });
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['yes', true],
      ['1', true],
      ['false', false],
      ['No', false],
      ['0', false],
      [' ', false],
      [undefined, false],
    ])('reads dry-run %j as %s', (value, expected) => {
      expect(github({ ...RAW, dryRun: value }).dryRun).toBe(expected);
      expect(Boolean(github({ ...RAW, insecure: value }).transport.insecure)).toBe(expected);
    });

    it('rejects anything else, naming the platform input', () => {
      expect(() => github({ ...RAW, dryRun: 'maybe' })).toThrow(
        new InvalidInputError('dry-run must be true or false, not "maybe"'),
      );
      expect(() => azure({ ...RAW, dryRun: 'maybe' })).toThrow(
        new InvalidInputError('dryRun must be true or false, not "maybe"'),
      );
      expect(() => github({ ...RAW, insecure: '2' })).toThrow('insecure must be true or false, not "2"');
    });
  });

  describe('numbers', () => {
    it('reads the timeout in seconds, from 1 to 600', () => {
      expect(github({ ...RAW, timeout: '1' }).timeoutMs).toBe(1000);
      expect(github({ ...RAW, timeout: ' 600 ' }).timeoutMs).toBe(600_000);
    });

    it.each(['0', '601', '-5', 'abc', '30s', 'Infinity'])('rejects the timeout %j', (value) => {
      expect(() => github({ ...RAW, timeout: value })).toThrow(
        new InvalidInputError(`timeout must be a number from 1 to 600, not "${value}"`),
      );
    });

    it('reads retries as a whole number from 0 to 10', () => {
      expect(github({ ...RAW, retries: '10' }).retries).toBe(10);
      expect(github({ ...RAW, retries: '' }).retries).toBe(3);
    });

    it.each(['2.5', '11', '-1', 'three'])('rejects retries %j', (value) => {
      expect(() => azure({ ...RAW, retries: value })).toThrow(
        new InvalidInputError(`retries must be a whole number from 0 to 10, not "${value}"`),
      );
    });

    it.each(['0', '65', '1.5'])('rejects concurrency %j', (value) => {
      expect(() => github({ ...RAW, concurrency: value })).toThrow(
        new InvalidInputError(`concurrency must be a whole number from 1 to 64, not "${value}"`),
      );
    });
  });

  describe('choices', () => {
    it('reads on-error', () => {
      expect(github({ ...RAW, onError: 'fail' }).onError).toBe('fail');
      expect(github({ ...RAW, onError: ' WARN ' }).onError).toBe('warn');
    });

    it('names on-error on GitHub and onError on Azure when the value is bad', () => {
      expect(() => github({ ...RAW, onError: 'ignore' })).toThrow(
        new InvalidInputError('on-error must be fail or warn, not "ignore"'),
      );
      expect(() => azure({ ...RAW, onError: 'ignore' })).toThrow(
        new InvalidInputError('onError must be fail or warn, not "ignore"'),
      );
    });

    it('names auth-method or authMethod when the value is bad', () => {
      expect(() => github({ ...RAW, authMethod: 'query' })).toThrow(
        new InvalidInputError('auth-method must be auto, header or basic, not "query"'),
      );
      expect(() => azure({ ...RAW, authMethod: 'query' })).toThrow(
        new InvalidInputError('authMethod must be auto, header or basic, not "query"'),
      );
    });

    it('leaves the auth method to each endpoint unless one is forced', () => {
      expect(github(RAW)).not.toHaveProperty('authMethod');
      expect(github({ ...RAW, authMethod: ' Auto ' })).not.toHaveProperty('authMethod');
      expect(github({ ...RAW, authMethod: 'header' }).authMethod).toBe('header');
      expect(azure({ ...RAW, authMethod: 'basic' }).authMethod).toBe('basic');
    });
  });

  describe('date', () => {
    it('fixes the date once, from the injected clock', () => {
      const clock = jest.fn(() => NOW);
      const plan = resolvePlan(RAW, CONTEXT, GITHUB_INPUT_NAMES, clock);
      expect(plan.date).toBe('2026-11-25T14:30:00.000Z');
      expect(clock).toHaveBeenCalledTimes(1);
    });

    it('keeps a given date, converted to UTC', () => {
      const clock = jest.fn(() => NOW);
      const plan = resolvePlan(
        { ...RAW, date: '2026-01-02 03:04:05-0500' },
        CONTEXT,
        GITHUB_INPUT_NAMES,
        clock,
      );
      // The clock only bounds the date (a day from now at most); it never replaces it.
      expect(plan.date).toBe('2026-01-02T08:04:05.000Z');
    });

    it('rejects a bad date, naming the input', () => {
      expect(() => github({ ...RAW, date: '2026-02-30T10:00:00Z' })).toThrow(
        new InvalidInputError('date "2026-02-30T10:00:00Z" is not a valid date or time'),
      );
      expect(() => github({ ...RAW, date: 'yesterday' })).toThrow(
        /^date "yesterday" is not an ISO 8601 date/,
      );
    });
  });

  describe('server', () => {
    it.each([
      ['proget.example.com', 'server "proget.example.com" is not a URL; use e.g. https://proget.example.com'],
      ['ftp://proget.example.com', 'server "ftp://proget.example.com" must start with https:// or http://'],
      [
        'https://proget.example.com/?key=abc123',
        "server must be ProGet's root URL without a query string or credentials; pass the key separately",
      ],
      [
        'https://api:abc123@proget.example.com/',
        "server must be ProGet's root URL without a query string or credentials; pass the key separately",
      ],
    ])('rejects %s', (server, message) => {
      expect(() => github({ ...RAW, server })).toThrow(new InvalidInputError(message));
    });

    it('never repeats a key given in the server URL', () => {
      expect(() => github({ ...RAW, server: 'https://proget.example.com/?key=abc123' })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('abc123') }),
      );
    });

    it('keeps a sub-path and a plain http server', () => {
      expect(github({ ...RAW, server: 'http://localhost:8624/proget' }).server).toBe(
        'http://localhost:8624/proget',
      );
    });
  });

  describe('url', () => {
    it.each(['ci.example/run/1', 'ftp://ci.example/run/1', '/runs/1'])('rejects the url input %j', (url) => {
      expect(() => github({ ...RAW, url })).toThrow(
        new InvalidInputError(`url "${url}" is not an absolute http(s) URL`),
      );
    });

    it('also checks the url the context supplies', () => {
      expect(() => github(RAW, { ...CONTEXT, url: 'not-a-url' })).toThrow(
        'url "not-a-url" is not an absolute http(s) URL',
      );
    });
  });
});

describe('buildRecords', () => {
  it('records every package at every target, packages outer, in input order', () => {
    const plan = github({
      ...RAW,
      package: '@babel/runtime@7.24.0\nweb@1.0.0',
      target: 'eu-west\nus-east\nap-south',
    });
    const records = [...buildRecords(plan)];
    expect(records.map((r) => `${r.PackageName}@${r.Version} → ${r.Target}`)).toEqual([
      'runtime@7.24.0 → eu-west',
      'runtime@7.24.0 → us-east',
      'runtime@7.24.0 → ap-south',
      'web@1.0.0 → eu-west',
      'web@1.0.0 → us-east',
      'web@1.0.0 → ap-south',
    ]);
    expect(new Set(records.map((r) => r.Date))).toEqual(new Set(['2026-11-25T14:30:00.000Z']));
  });

  it('produces records on demand, yet rejects a bad last target before any record is produced', () => {
    const plan = github({ ...RAW, package: 'a@1.0.0\nb@2.0.0', target: 'eu-west\nus-east' });
    const records = buildRecords(plan);
    expect(records.length).toBe(4);
    expect(records.at(3)).toMatchObject({ PackageName: 'b', Target: 'us-east' });
    expect(() => buildRecords({ ...plan, targets: ['eu-west', 'us-east', ' '] })).toThrow(
      new InvalidInputError('Target is required but empty (record a@1.0.0)'),
    );
    expect(() => buildRecords({ ...plan, url: 'ftp://x' })).toThrow(InvalidInputError);
  });

  it('builds complete records with PascalCase properties', () => {
    const [withGroup, withoutGroup] = buildRecords(
      github({ ...RAW, package: '@babel/runtime@7.24.0\nweb@1.0.0' }),
    );
    expect(withGroup).toEqual({
      Application: 'GitHub Actions',
      Description: 'Deployed by workflow "deploy" run #42 of acme/web at abcdef1',
      Target: 'production',
      FeedName: 'internal-npm',
      PackageName: 'runtime',
      Version: '7.24.0',
      GroupName: '@babel',
      UserName: 'octocat',
      Url: 'https://github.com/acme/web/actions/runs/9/attempts/1',
      Date: '2026-11-25T14:30:00.000Z',
    });
    expect(withoutGroup).toEqual({
      Application: 'GitHub Actions',
      Description: 'Deployed by workflow "deploy" run #42 of acme/web at abcdef1',
      Target: 'production',
      FeedName: 'internal-npm',
      PackageName: 'web',
      Version: '1.0.0',
      UserName: 'octocat',
      Url: 'https://github.com/acme/web/actions/runs/9/attempts/1',
      Date: '2026-11-25T14:30:00.000Z',
    });
  });

  it('leaves out a user and a url nobody knows', () => {
    const [record] = buildRecords(github(RAW, { application: 'Jenkins' }));
    expect(record).toEqual({
      Application: 'Jenkins',
      Description: 'Deployed with Jenkins',
      Target: 'production',
      FeedName: 'internal-npm',
      PackageName: 'runtime',
      Version: '7.24.0',
      GroupName: '@babel',
      Date: '2026-11-25T14:30:00.000Z',
    });
  });
});
