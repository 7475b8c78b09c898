import type { AuthMethod } from '../auth-headers.js';
import { InvalidInputError } from '../errors.js';
import type { PackageSpec } from '../package-spec.js';

/** The feed types whose download URL we know how to build (proget-facts.md, "Feed download URLs"). */
export const FEED_TYPES = ['universal', 'nuget', 'npm', 'maven'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/**
 * How each feed type's download endpoint takes the key when auth-method is `auto`. Feed endpoints "do not
 * use [the X-ApiKey] convention" (https://docs.inedo.com/docs/proget/api/http-requests#feed-endpoints):
 * NuGet, npm and Maven clients send basic auth with user `api` and the key as password
 * (https://docs.inedo.com/docs/proget/api/apikeys#using-api-keys, /feeds/nuget, /feeds/npm, /feeds/maven).
 * Only the universal feed API documents X-ApiKey
 * (https://docs.inedo.com/docs/proget/api/universal-feed#authentication).
 */
export const FEED_DOWNLOAD_AUTH: Record<FeedType, AuthMethod> = {
  universal: 'header',
  nuget: 'basic',
  npm: 'basic',
  maven: 'basic',
};

/** An exact download URL's feed type is unknown; basic `api:KEY` is the one way every feed type documents. */
export const EXACT_URL_AUTH: AuthMethod = 'basic';

const PURL_FEED_TYPES: Record<string, FeedType> = {
  generic: 'universal',
  universal: 'universal',
  upack: 'universal',
  nuget: 'nuget',
  npm: 'npm',
  maven: 'maven',
};

/** A Package URL's type says which feed it lives in; otherwise the feed-type input does. */
export function feedTypeOf(spec: PackageSpec, declared: FeedType | undefined, inputName: string): FeedType {
  if (spec.purlType) {
    const type = PURL_FEED_TYPES[spec.purlType];
    if (!type) {
      throw new InvalidInputError(
        `package line ${spec.source.line} "${spec.source.text}": no download URL is known for pkg:${spec.purlType}; give the exact download URL instead`,
      );
    }
    return type;
  }
  if (!declared) {
    throw new InvalidInputError(
      `package line ${spec.source.line} "${spec.source.text}": set ${inputName} (${FEED_TYPES.join(', ')}) or write the package as a Package URL (pkg:nuget/…) so the download URL can be built`,
    );
  }
  return declared;
}
