// The catalogue is the one place every input is declared: these are the rules each entry must keep, so a new
// entry cannot contradict itself (a default out of its own range, a pickList without choices, a CLI variable
// that does not follow the naming rule).
import {
  INPUT_CATALOGUE,
  INPUT_ENTRIES,
  PLAN_INPUTS,
  defaultOn,
  describeOn,
  entriesOn,
  type Platform,
} from '../src/inputs/catalogue';
import { AZURE_INPUT_NAMES, CLI_INPUT_NAMES, GITHUB_INPUT_NAMES } from '../src/inputs/names';
import { resolvePlan } from '../src/plan/resolve';
import { FEED_TYPE_TABLE } from '../src/proget/feed-types';

const PLATFORMS: Platform[] = ['github', 'azure', 'cli'];
const nameOn = (platform: Platform, entry: (typeof INPUT_ENTRIES)[number]) =>
  platform === 'github' ? entry.github : platform === 'azure' ? entry.azure?.name : entry.cli?.flag;

describe('the input catalogue', () => {
  it('gives each input one name per platform, unique on that platform', () => {
    for (const platform of PLATFORMS) {
      const names = entriesOn(platform).map((entry) => nameOn(platform, entry));
      expect([platform, new Set(names).size]).toEqual([platform, names.length]);
    }
  });

  it('puts every input core reads on every platform', () => {
    for (const meaning of PLAN_INPUTS) {
      const entry = INPUT_CATALOGUE[meaning];
      expect([meaning, Boolean(entry.github && entry.azure && entry.cli)]).toEqual([meaning, true]);
    }
  });

  it('names the CLI variable PROGET_ + the flag, except the deployment user and link', () => {
    const exceptions = Object.fromEntries(
      entriesOn('cli')
        .filter((entry) => entry.cli!.env !== `PROGET_${entry.cli!.flag.toUpperCase().replace(/-/g, '_')}`)
        .map((entry) => [entry.cli!.flag, entry.cli!.env]),
    );
    expect(exceptions).toEqual({ user: 'PROGET_DEPLOYMENT_USER', url: 'PROGET_DEPLOYMENT_URL' });
  });

  it('keeps defaults inside their own ranges and choices, and required inputs without one', () => {
    for (const entry of INPUT_ENTRIES) {
      const value = entry.default;
      // A required pickList (connectionType) starts at one of its choices; a required text has nothing to offer.
      if (entry.required && entry.kind !== 'choice')
        expect([entry.meaning, defaultOn(entry, 'github')]).toEqual([entry.meaning, '']);
      if (value === undefined) continue;
      if (entry.kind === 'number') {
        const n = Number(value);
        expect([entry.meaning, n >= entry.range!.min && n <= entry.range!.max]).toEqual([
          entry.meaning,
          true,
        ]);
      }
      if (entry.kind === 'choice') expect(entry.choices).toContain(value);
      if (entry.kind === 'boolean') expect(['true', 'false']).toContain(value);
    }
  });

  it('makes choice inputs pickLists on Azure, with a label for each choice and no other', () => {
    for (const entry of entriesOn('azure')) {
      expect([entry.meaning, entry.azure!.type === 'pickList']).toEqual([
        entry.meaning,
        entry.kind === 'choice',
      ]);
      if (entry.azure!.optionLabels)
        expect(Object.keys(entry.azure!.optionLabels)).toEqual([...(entry.choices ?? [])]);
    }
  });

  it('offers exactly the feed types of the feed-type table, with their labels', () => {
    expect(INPUT_CATALOGUE.feedType.choices).toEqual(Object.keys(FEED_TYPE_TABLE));
    expect(INPUT_CATALOGUE.feedType.azure.optionLabels).toEqual({
      universal: 'Universal',
      nuget: 'NuGet',
      npm: 'npm',
      maven: 'Maven',
    });
  });

  it('marks the credentials secret', () => {
    expect(INPUT_ENTRIES.filter((entry) => entry.secret).map((entry) => entry.meaning)).toEqual([
      'apiKey',
      'scaApiKey',
      'githubToken',
    ]);
  });

  it('derives the names core uses in its messages', () => {
    expect(GITHUB_INPUT_NAMES.onError).toBe('on-error');
    expect(AZURE_INPUT_NAMES.user).toBe('userName');
    expect(CLI_INPUT_NAMES.caCert).toBe('--ca-cert');
    expect(Object.keys(GITHUB_INPUT_NAMES)).toEqual(PLAN_INPUTS);
  });

  it('says the range once, for every platform, from the entry', () => {
    for (const platform of PLATFORMS)
      expect(describeOn(INPUT_CATALOGUE.timeout, platform)).toContain('From 1 to 600.');
    expect(describeOn(INPUT_CATALOGUE.timeout, 'cli')).toMatch(/Default: `30`\.$/);
  });
});

describe('plan resolution reads the catalogue', () => {
  const base = { server: 'https://proget.example', feed: 'f', package: 'a@1', target: 't' };
  const context = { application: 'test' };

  it('takes each default from its entry', () => {
    const plan = resolvePlan(base, context, GITHUB_INPUT_NAMES);
    expect({
      timeoutMs: plan.timeoutMs,
      retries: plan.retries,
      concurrency: plan.concurrency,
      onError: plan.onError,
      onNoncompliant: plan.onNoncompliant,
      // `auto` forces no way: each endpoint gets its documented one.
      authMethod: plan.authMethod ?? 'auto',
      mode: plan.action,
      dryRun: plan.dryRun,
      insecure: Boolean(plan.transport.insecure),
    }).toEqual({
      timeoutMs: Number(INPUT_CATALOGUE.timeout.default) * 1000,
      retries: Number(INPUT_CATALOGUE.retries.default),
      concurrency: Number(INPUT_CATALOGUE.concurrency.default),
      onError: INPUT_CATALOGUE.onError.default,
      onNoncompliant: INPUT_CATALOGUE.onNoncompliant.default,
      authMethod: INPUT_CATALOGUE.authMethod.default,
      mode: INPUT_CATALOGUE.mode.default,
      dryRun: false,
      insecure: false,
    });
  });

  it("enforces each entry's range and choices, naming the input", () => {
    expect(() => resolvePlan({ ...base, timeout: '601' }, context, GITHUB_INPUT_NAMES)).toThrow(
      'timeout must be a number from 1 to 600, not "601"',
    );
    expect(() => resolvePlan({ ...base, retries: '1.5' }, context, AZURE_INPUT_NAMES)).toThrow(
      'retries must be a whole number from 0 to 10, not "1.5"',
    );
    expect(() => resolvePlan({ ...base, onError: 'ignore' }, context, CLI_INPUT_NAMES)).toThrow(
      '--on-error must be fail or warn, not "ignore"',
    );
  });
});
