import { InvalidInputError } from '../src/errors.js';
import { toUtcIso } from '../src/inputs/iso-date.js';
import { isHttpUrl } from '../src/inputs/validation.js';
import { describeRecord, type RecordDraft } from '../src/proget/deployment-api.js';
import { validateRecord } from '../src/record/record.js';

const DRAFT: RecordDraft = {
  Application: 'GitHub Actions',
  Description: 'Deployed by workflow "deploy" run #42',
  Target: 'production',
  FeedName: 'internal-npm',
  PackageName: 'runtime',
  Version: '7.24.0',
};

describe('validateRecord', () => {
  it('returns exactly the required fields when only those are given', () => {
    expect(validateRecord(DRAFT)).toEqual({
      Application: 'GitHub Actions',
      Description: 'Deployed by workflow "deploy" run #42',
      Target: 'production',
      FeedName: 'internal-npm',
      PackageName: 'runtime',
      Version: '7.24.0',
    });
  });

  it('trims every value and keeps the optional fields, with Date in UTC', () => {
    const record = validateRecord({
      Application: '  GitHub Actions ',
      Description: '\tDeployed by workflow "deploy" run #42\n',
      Target: ' production ',
      FeedName: ' internal-npm',
      PackageName: 'runtime ',
      Version: ' 7.24.0 ',
      GroupName: ' @babel ',
      UserName: ' octocat ',
      Url: ' https://github.com/acme/web/actions/runs/1/attempts/2 ',
      Date: ' 2026-11-25T15:30:00+01:00 ',
    });
    expect(record).toEqual({
      Application: 'GitHub Actions',
      Description: 'Deployed by workflow "deploy" run #42',
      Target: 'production',
      FeedName: 'internal-npm',
      PackageName: 'runtime',
      Version: '7.24.0',
      GroupName: '@babel',
      UserName: 'octocat',
      Url: 'https://github.com/acme/web/actions/runs/1/attempts/2',
      Date: '2026-11-25T14:30:00.000Z',
    });
  });

  it('drops empty and blank optional fields instead of sending them', () => {
    const record = validateRecord({ ...DRAFT, GroupName: '', UserName: '   ', Url: undefined, Date: '\t' });
    expect(Object.keys(record).sort()).toEqual(
      ['Application', 'Description', 'FeedName', 'PackageName', 'Target', 'Version'].sort(),
    );
  });

  it.each(['Application', 'Description', 'FeedName'] as const)(
    'rejects an empty or blank %s, naming the field and the record',
    (field) => {
      for (const value of ['', '   ', undefined]) {
        expect(() => validateRecord({ ...DRAFT, GroupName: '@babel', [field]: value })).toThrow(
          new InvalidInputError(`${field} is required but empty (record @babel/runtime@7.24.0 → production)`),
        );
      }
    },
  );

  it('names the record by what is left when the package name is missing', () => {
    expect(() => validateRecord({ ...DRAFT, PackageName: '  ' })).toThrow(
      'PackageName is required but empty (record (no package)@7.24.0 → production)',
    );
  });

  it('names the record without a version when the version is missing', () => {
    expect(() => validateRecord({ ...DRAFT, Version: ' ' })).toThrow(
      'Version is required but empty (record runtime → production)',
    );
  });

  it('names the record without a target when the target is missing', () => {
    for (const Target of ['', '  ']) {
      expect(() => validateRecord({ ...DRAFT, Target })).toThrow(
        new InvalidInputError('Target is required but empty (record runtime@7.24.0)'),
      );
    }
  });

  it('throws InvalidInputError, which always fails the step', () => {
    try {
      validateRecord({ ...DRAFT, FeedName: '' });
      throw new Error('not rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).isConfigurationError).toBe(true);
    }
  });

  it.each(['http://ci.example/run/1', 'https://dev.azure.com/contoso/My%20Project/_build/results?buildId=7'])(
    'keeps the absolute http(s) Url %s',
    (url) => {
      expect(validateRecord({ ...DRAFT, Url: url }).Url).toBe(url);
    },
  );

  it.each([
    'ftp://ci.example/run/1',
    '/actions/runs/1',
    'runs/1',
    'not a url',
    'javascript:alert(1)',
    'file:///tmp/x',
  ])('rejects the Url %s', (url) => {
    expect(() => validateRecord({ ...DRAFT, Url: url })).toThrow(
      new InvalidInputError(
        `Url "${url}" is not an absolute http(s) URL (record runtime@7.24.0 → production)`,
      ),
    );
  });

  it('rejects an invalid Date, naming the field', () => {
    expect(() => validateRecord({ ...DRAFT, Date: '2026-02-30' })).toThrow(
      new InvalidInputError('Date "2026-02-30" is not a valid date or time'),
    );
    expect(() => validateRecord({ ...DRAFT, Date: 'yesterday' })).toThrow(
      /^Date "yesterday" is not an ISO 8601 date/,
    );
  });
});

describe('describeRecord', () => {
  it('names a record as group/name@version → target', () => {
    expect(describeRecord({ GroupName: 'a/b', PackageName: 'c', Version: '1', Target: 'prod' })).toBe(
      'a/b/c@1 → prod',
    );
    expect(describeRecord({ PackageName: 'c' })).toBe('c');
    expect(describeRecord({})).toBe('(no package)');
  });
});

describe('isHttpUrl', () => {
  it('accepts only absolute http and https URLs', () => {
    expect(isHttpUrl('https://proget.example.com/')).toBe(true);
    expect(isHttpUrl('HTTP://proget.example.com')).toBe(true);
    expect(isHttpUrl('ftp://proget.example.com')).toBe(false);
    expect(isHttpUrl('proget.example.com')).toBe(false);
    expect(isHttpUrl('')).toBe(false);
  });
});

describe('toUtcIso', () => {
  it.each([
    ['2026-11-25T14:30:00Z', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25t14:30:00z', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T15:30:00+01:00', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T15:30:00+0100', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T09:30:00-05', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T20:00:00+05:30', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T23:30:00-02:00', '2026-11-26T01:30:00.000Z'],
    ['2026-11-25T14:30:00.5Z', '2026-11-25T14:30:00.500Z'],
    ['2026-11-25T14:30:00,25Z', '2026-11-25T14:30:00.250Z'],
    ['2026-11-25T14:30:00.123456789+01:00', '2026-11-25T13:30:00.123Z'],
    ['2026-11-25T14:30:59.9999Z', '2026-11-25T14:30:59.999Z'],
    ['2026-11-25', '2026-11-25T00:00:00.000Z'],
    ['2026-11-25 14:30', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T14:30:00', '2026-11-25T14:30:00.000Z'],
    ['2026-11-25T14:30', '2026-11-25T14:30:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['  2026-11-25T14:30:00Z  ', '2026-11-25T14:30:00.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(toUtcIso(input)).toBe(expected);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-11-25T25:00',
    '2026-11-25T24:00',
    '2026-11-25T14:60',
    '2026-11-25T14:30:60Z',
  ])('rejects %s as not a valid date or time, naming the field', (input) => {
    expect(() => toUtcIso(input, 'date')).toThrow(
      new InvalidInputError(`date "${input}" is not a valid date or time`),
    );
  });

  it.each([
    'yesterday',
    '',
    '25/11/2026',
    '2026-11-25T14',
    '2026-11-25T14:30:00 +01:00',
    '2026-11-25T14:30:00+1',
    '1732545000',
  ])('rejects %j as not ISO 8601, with an example', (input) => {
    expect(() => toUtcIso(input, 'Date')).toThrow(
      new InvalidInputError(
        `Date "${input}" is not an ISO 8601 date; use e.g. 2026-11-25T14:30:00Z or 2026-11-25T15:30:00+01:00`,
      ),
    );
  });

  it('rejects an impossible offset', () => {
    expect(() => toUtcIso('2026-11-25T14:30:00+25:00', 'date')).toThrow(InvalidInputError);
  });
});
