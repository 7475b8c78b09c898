import { optional } from '../inputs/parse.js';
import { isHttpUrl } from '../inputs/validation.js';

/** Reads one CI variable, trimmed; an empty variable counts as unset, as it does for every input. */
export type EnvReader = (name: string) => string | undefined;

export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  return (name) => optional(env[name]);
}

/**
 * A CI link is only a default: a variable that does not hold an http(s) URL (a mis-set BUILD_URL, a CI that
 * changed its format) is dropped rather than failing the run over a value the user never typed.
 */
export function httpLink(value: string | undefined): string | undefined {
  return value && isHttpUrl(value) ? value : undefined;
}

/** Seven characters, as GitHub and git show a commit. */
export function shortSha(sha: string | undefined): string | undefined {
  return sha?.slice(0, 7);
}

/** `Deployed by <parts>`, leaving out the parts this run did not set. */
export function deployedBy(...parts: (string | undefined | false)[]): string {
  return `Deployed by ${parts.filter(Boolean).join(' ')}`;
}

/** A CI environment variable as the one target, or none. */
export function targetsFrom(value: string | undefined): string[] {
  return value ? [value] : [];
}
