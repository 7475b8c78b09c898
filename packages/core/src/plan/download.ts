import { InvalidInputError } from '../errors.js';
import { fromWorkingDirectory, type PathRules } from '../files/paths.js';
import type { InputNames } from '../inputs/names.js';
import { optional } from '../inputs/parse.js';
import { checkUrlText, isHttpUrl, quoted } from '../inputs/validation.js';
import type { FeedType } from '../proget/feed-types.js';
import type { DownloadSettings } from './plan.js';

export interface DownloadInputs {
  downloadUrl?: string;
  downloadTo?: string;
  apiKey?: string;
  /** Already read as a choice (undefined when empty). */
  feedType?: FeedType;
  allowCrossOriginKey: boolean;
}

/**
 * Credentials go only to the server's origin. A download URL with its own `user:password@` would have them
 * silently replaced by the key, and one on another origin would receive the key: both are refused, the
 * second unless the user opts in (then the run warns). Returns the other host when the user opted in.
 */
function checkKeyDestination(
  url: URL,
  server: string,
  inputs: DownloadInputs,
  names: InputNames,
): string | undefined {
  if (url.username || url.password) {
    throw new InvalidInputError(
      `${names.downloadUrl} must not carry credentials (user:password@); the key comes from ${names.apiKey}`,
    );
  }
  const serverOrigin = new URL(server).origin;
  if (url.origin === serverOrigin || !optional(inputs.apiKey)) return undefined;
  if (!inputs.allowCrossOriginKey) {
    throw new InvalidInputError(
      `${names.downloadUrl} is on ${url.host}, not on ${names.server}'s origin (${serverOrigin}): the API key is only sent to ${names.server}; set ${names.allowCrossOriginKey} to true if ${url.host} should receive it`,
    );
  }
  return url.host;
}

/** Download mode's settings, checked against the packages; the one-target rule is the plan's (planStep). */
export function checkDownloadInputs(
  inputs: DownloadInputs,
  names: InputNames,
  context: { server: string; packages: number; workingDirectory: string },
  paths?: PathRules,
): DownloadSettings {
  const url = optional(inputs.downloadUrl);
  if (url) checkUrlText(url, names.downloadUrl);
  if (url && !isHttpUrl(url))
    throw new InvalidInputError(`${names.downloadUrl} ${quoted(url)} is not an absolute http(s) URL`);
  if (url && context.packages !== 1)
    throw new InvalidInputError(
      `${names.downloadUrl} names one file, so ${names.package} must be one package`,
    );
  const crossOriginHost = url ? checkKeyDestination(new URL(url), context.server, inputs, names) : undefined;
  return {
    ...(inputs.feedType ? { feedType: inputs.feedType } : {}),
    directory: fromWorkingDirectory(context.workingDirectory, optional(inputs.downloadTo) ?? '.', paths),
    ...(url ? { url } : {}),
    ...(crossOriginHost ? { crossOriginHost } : {}),
  };
}

/** One download carries one X-ProGet-Deployment-Target; several targets are several API records. */
export function checkOneTarget(targets: number, names: InputNames): void {
  if (targets !== 1) {
    throw new InvalidInputError(
      `download mode records one target per download, but ${targets} were given: set one ${names.target}, or use the default mode for several`,
    );
  }
}
