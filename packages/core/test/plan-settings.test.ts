// A front end that looks its one target up (GitHub: the job's environment through the REST API) checks every
// other input first (checkInputs), then makes the final plan with the target found (planStep): no placeholder.
import { InvalidInputError } from '../src/errors';
import { GITHUB_INPUT_NAMES } from '../src/inputs/names';
import { checkInputs, planStep, resolvePlan } from '../src/plan/resolve';

const raw = { server: 'https://proget.example', feed: 'f', package: 'a@1' };
const context = { application: 'GitHub Actions' };

describe('checkInputs (before a target lookup)', () => {
  it('gives what the lookup needs without a target, and says a target is needed', () => {
    const checked = checkInputs({ ...raw, timeout: '12', onError: 'warn' }, context, GITHUB_INPUT_NAMES);
    expect(checked.base).toMatchObject({ timeoutMs: 12_000, onError: 'warn' });
    expect(checked).toMatchObject({ feed: 'f', targets: [], needsTarget: true });
  });

  it('rejects every other bad input, as resolvePlan would', () => {
    expect(() => checkInputs({ ...raw, package: 'no version' }, context, GITHUB_INPUT_NAMES)).toThrow(
      InvalidInputError,
    );
    expect(() => checkInputs({ ...raw, retries: '11' }, context, GITHUB_INPUT_NAMES)).toThrow(
      'retries must be a whole number from 0 to 10, not "11"',
    );
  });

  it('counts the looked-up target as the one download mode needs', () => {
    const checked = checkInputs({ ...raw, mode: 'download', feedType: 'nuget' }, context, GITHUB_INPUT_NAMES);
    expect(planStep(checked, 'staging')).toMatchObject({
      action: 'download',
      targets: ['staging'],
      download: { feedType: 'nuget' },
    });
  });

  it('needs no target for an SCA-only step whose stage is given', () => {
    const checked = checkInputs(
      { server: raw.server, scaProject: 'shop', scaBuild: '1.0', scaStage: 'Production' },
      context,
      GITHUB_INPUT_NAMES,
    );
    expect(checked.needsTarget).toBe(false);
    expect(planStep(checked)).toMatchObject({ action: 'sca', sca: { stage: 'Production' } });
  });

  it('leaves "no target" to planStep, whose plan is final and frozen', () => {
    expect(() => resolvePlan(raw, context, GITHUB_INPUT_NAMES)).toThrow('no target: set target');
    const plan = planStep(checkInputs(raw, context, GITHUB_INPUT_NAMES), 'staging');
    expect(plan).toMatchObject({ targets: ['staging'] });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen((plan as unknown as { targets: string[] }).targets)).toBe(true);
  });
});
