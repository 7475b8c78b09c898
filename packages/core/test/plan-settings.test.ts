// A front end that looks its one target up (GitHub: the job's environment through the REST API) validates
// every other input first with resolveSettings, then makes the final plan with resolvePlan: no placeholder.
import { InvalidInputError } from '../src/errors';
import { GITHUB_INPUT_NAMES } from '../src/input-names';
import { resolvePlan, resolveSettings } from '../src/plan';

const raw = { server: 'https://proget.example', feed: 'f', package: 'a@1' };
const context = { application: 'GitHub Actions' };

describe('resolveSettings (before a target lookup)', () => {
  it('gives what the lookup needs without a target, and no targets at all', () => {
    const settings = resolveSettings({ ...raw, timeout: '12', onError: 'warn' }, context, GITHUB_INPUT_NAMES);
    expect(settings).toMatchObject({ timeoutMs: 12_000, onError: 'warn', feed: 'f' });
    expect(settings).not.toHaveProperty('targets');
  });

  it('rejects every other bad input, as resolvePlan would', () => {
    expect(() => resolveSettings({ ...raw, package: 'no version' }, context, GITHUB_INPUT_NAMES)).toThrow(
      InvalidInputError,
    );
    expect(() => resolveSettings({ ...raw, retries: '11' }, context, GITHUB_INPUT_NAMES)).toThrow(
      'retries must be a whole number from 0 to 10, not "11"',
    );
  });

  it('counts the looked-up target as the one download mode needs', () => {
    expect(
      resolveSettings({ ...raw, mode: 'download', feedType: 'nuget' }, context, GITHUB_INPUT_NAMES),
    ).toMatchObject({ mode: 'download', download: { feedType: 'nuget' } });
  });

  it('leaves "no target" to resolvePlan, whose plan is final', () => {
    expect(() => resolvePlan(raw, context, GITHUB_INPUT_NAMES)).toThrow('no target: set target');
    const plan = resolvePlan(raw, { ...context, targets: ['staging'] }, GITHUB_INPUT_NAMES);
    expect(plan.targets).toEqual(['staging']);
  });
});
