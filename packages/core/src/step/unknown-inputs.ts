import { entriesOn, type InputEntry, type Platform } from '../inputs/catalogue.js';
import { didYouMean } from '../inputs/did-you-mean.js';

/**
 * The input names a runner passed in the environment: GitHub's runner and Azure's agent both pass each input
 * the workflow or pipeline sets, known or not, as `INPUT_<NAME>` in upper case; lower case is closer to what
 * the user typed.
 */
export function runnerInputNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => /^INPUT_/i.test(name))
    .map((name) => name.slice('INPUT_'.length).toLowerCase());
}

function nameOn(entry: InputEntry, platform: Platform): string {
  return platform === 'github' ? entry.github! : platform === 'azure' ? entry.azure!.name : entry.cli!.flag;
}

/**
 * One warning per name the user gave that is none of the platform's inputs: a typo the runner passes on and
 * nothing reads, so the input meant keeps its default. Warned, not failed: the runner itself accepts it, and
 * a step that worked yesterday must not fail on a name it always ignored. Names compare without case, as the
 * runner's own `INPUT_` variables do.
 */
export function unknownInputWarnings(given: readonly string[], platform: Platform): string[] {
  const known = entriesOn(platform).map((entry) => nameOn(entry, platform));
  const knownLower = new Set(known.map((name) => name.toLowerCase()));
  return given
    .filter((name) => !knownLower.has(name.toLowerCase()))
    .map((name) => {
      const meant = didYouMean(name, known);
      return meant
        ? `Unknown input \`${name}\`: did you mean \`${meant}\`?`
        : `Unknown input \`${name}\`: this step has no such input, and ignores it`;
    });
}
