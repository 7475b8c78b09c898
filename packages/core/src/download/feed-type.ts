import { InvalidInputError } from '../errors.js';
import type { PackageSpec } from '../package-spec.js';
import type { InputNames } from '../input-names.js';

/** The feed types whose download URL we know how to build (proget-facts.md, "Feed download URLs"). */
export const FEED_TYPES = ['universal', 'nuget', 'npm', 'maven'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

const PURL_FEED_TYPES: Record<string, FeedType> = {
  generic: 'universal',
  universal: 'universal',
  upack: 'universal',
  nuget: 'nuget',
  npm: 'npm',
  maven: 'maven',
};

/** A Package URL's type says which feed it lives in; otherwise the feed-type input does. */
export function feedTypeOf(
  spec: PackageSpec,
  declared: FeedType | undefined,
  names: Pick<InputNames, 'package' | 'feedType' | 'downloadUrl'>,
): FeedType {
  const line = `${names.package} line ${spec.source.line} "${spec.source.text}"`;
  if (spec.purlType) {
    const type = PURL_FEED_TYPES[spec.purlType];
    if (!type) {
      throw new InvalidInputError(
        `${line}: no download URL is known for pkg:${spec.purlType}; give the exact URL with ${names.downloadUrl} instead`,
      );
    }
    return type;
  }
  if (!declared) {
    throw new InvalidInputError(
      `${line}: set ${names.feedType} (${FEED_TYPES.join(', ')}) or write the package as a Package URL (pkg:nuget/…) so the download URL can be built`,
    );
  }
  return declared;
}
