import { didYouMean } from '../src/inputs/did-you-mean';
import { unknownInputWarnings } from '../src/step/unknown-inputs';

const FLAGS = [
  'server',
  'feed',
  'package',
  'package-version',
  'sca-project',
  'sca-build',
  'sca-stage',
  'url',
];

describe('didYouMean', () => {
  it.each([
    ['sca-stag', 'sca-stage'], // a letter missing
    ['sever', 'server'],
    ['fed', 'feed'],
    ['sevrer', 'server'], // two letters swapped: one edit
    ['packge-version', 'package-version'],
    ['SCA-STAGE', 'sca-stage'], // case ignored, as the runners ignore it
    ['sca-bulid', 'sca-build'],
  ])('suggests %s → %s', (typed, meant) => {
    expect(didYouMean(typed, FLAGS)).toBe(meant);
  });

  it.each(['force', 'x', 'sca', 'tagret-environment', ''])(
    'suggests nothing for %j, too far from every name',
    (typed) => {
      expect(didYouMean(typed, FLAGS)).toBeUndefined();
    },
  );

  it('allows one edit in three characters typed', () => {
    expect(didYouMean('ur', FLAGS)).toBe('url'); // 2 characters: still one edit
    expect(didYouMean('fd', FLAGS)).toBeUndefined(); // two edits from feed
    expect(didYouMean('sca-stg', FLAGS)).toBe('sca-stage'); // 7 characters: two edits
    expect(didYouMean('sca-st', FLAGS)).toBeUndefined(); // 6 characters, three edits
  });

  it('gives a tie to the name listed first', () => {
    expect(didYouMean('sca-buil', ['sca-build', 'sca-built'])).toBe('sca-build');
    expect(didYouMean('sca-buil', ['sca-built', 'sca-build'])).toBe('sca-built');
  });
});

describe('unknownInputWarnings', () => {
  it("names each input that is none of the platform's, with the one meant when it is close", () => {
    expect(unknownInputWarnings(['server', 'sca-stag', 'api-key', 'colour'], 'github')).toEqual([
      'Unknown input `sca-stag`: did you mean `sca-stage`?',
      'Unknown input `colour`: this step has no such input, and ignores it',
    ]);
  });

  it("compares without case and suggests the platform's own spelling", () => {
    expect(unknownInputWarnings(['SCA-STAGE', 'scastag'], 'github')).toEqual([
      'Unknown input `scastag`: did you mean `sca-stage`?',
    ]);
    expect(unknownInputWarnings(['scastage', 'scastag'], 'azure')).toEqual([
      'Unknown input `scastag`: did you mean `scaStage`?',
    ]);
  });
});
