import type { AuthMethod } from '../auth-headers.js';
import { proGetUrl } from '../endpoint.js';
import { InvalidInputError } from '../errors.js';
import type { PackageSpec } from '../package-spec.js';
import type { InputNames } from '../input-names.js';

export interface PackageFile {
  url: URL;
  /** The file name the package is saved under. */
  fileName: string;
}

/** One feed type whose download URL we know how to build. */
export interface FeedTypeSpec {
  /** How people write the type's name (the Azure pickList's label). */
  label: string;
  /** Package URL types (https://github.com/package-url/purl-spec) whose packages live in this feed type. */
  purlTypes: readonly string[];
  /** The first path segment of the feed's endpoints: `/{urlPrefix}/{feed}/…`. The emulator routes on it. */
  urlPrefix: string;
  /**
   * How the download endpoint takes the key when auth-method is `auto`. Feed endpoints "do not use [the
   * X-ApiKey] convention" (https://docs.inedo.com/docs/proget/api/http-requests#feed-endpoints): NuGet, npm and
   * Maven clients send basic auth with user `api` and the key as password
   * (https://docs.inedo.com/docs/proget/api/apikeys#using-api-keys, /feeds/nuget, /feeds/npm, /feeds/maven);
   * only the universal feed API documents X-ApiKey
   * (https://docs.inedo.com/docs/proget/api/universal-feed#authentication).
   */
  downloadAuth: AuthMethod;
  /**
   * Where ProGet serves a version's file: each ecosystem's own protocol (the NuGet v2 package download, the npm
   * registry's tarball, the Maven 2 repository layout https://maven.apache.org/repository/layout.html, ProGet's
   * Universal Feed API). Each segment is encoded on its own so a name can never climb out of its place.
   */
  file(server: string, feed: string, spec: PackageSpec, mavenExtension: string): PackageFile;
}

const enc = encodeURIComponent;

/**
 * Every feed type download mode supports: the download URL shape, the purl types that map to it, the name the
 * feed-type input accepts (its CLI choices and Azure pickList come from here) and the emulator's routes.
 */
export const FEED_TYPE_TABLE = {
  universal: {
    label: 'Universal',
    purlTypes: ['generic', 'universal', 'upack'],
    urlPrefix: 'upack',
    downloadAuth: 'header',
    file: (server, feed, { name, version, group }) => {
      const groupPath = group ? `${group.split('/').map(enc).join('/')}/` : '';
      return {
        url: proGetUrl(server, `upack/${enc(feed)}/download/${groupPath}${enc(name)}/${enc(version)}`),
        fileName: `${name}-${version}.upack`,
      };
    },
  },
  nuget: {
    label: 'NuGet',
    purlTypes: ['nuget'],
    urlPrefix: 'nuget',
    downloadAuth: 'basic',
    file: (server, feed, { name, version }) => ({
      url: proGetUrl(server, `nuget/${enc(feed)}/package/${enc(name)}/${enc(version)}`),
      fileName: `${name}.${version}.nupkg`,
    }),
  },
  npm: {
    label: 'npm',
    purlTypes: ['npm'],
    urlPrefix: 'npm',
    downloadAuth: 'basic',
    file: (server, feed, { name, version, group }) => {
      const fullName = group ? `${enc(group)}/${enc(name)}` : enc(name);
      return {
        url: proGetUrl(server, `npm/${enc(feed)}/${fullName}/-/${enc(name)}-${enc(version)}.tgz`),
        fileName: `${group ? `${group.replace(/^@/, '')}-` : ''}${name}-${version}.tgz`,
      };
    },
  },
  maven: {
    label: 'Maven',
    purlTypes: ['maven'],
    urlPrefix: 'maven2',
    downloadAuth: 'basic',
    file: (server, feed, { name, version, group }, mavenExtension) => {
      const groupPath = (group ?? '').split('.').filter(Boolean).map(enc).join('/');
      const file = `${name}-${version}.${mavenExtension}`;
      return {
        url: proGetUrl(
          server,
          `maven2/${enc(feed)}/${groupPath ? `${groupPath}/` : ''}${enc(name)}/${enc(version)}/${enc(file)}`,
        ),
        fileName: file,
      };
    },
  },
} as const satisfies Record<string, FeedTypeSpec>;

export type FeedType = keyof typeof FEED_TYPE_TABLE;

/** An exact download URL's feed type is unknown; basic `api:KEY` is the one way every feed type documents. */
export const EXACT_URL_AUTH: AuthMethod = 'basic';
export const FEED_TYPES = Object.keys(FEED_TYPE_TABLE) as FeedType[];

const PURL_FEED_TYPES = new Map<string, FeedType>(
  FEED_TYPES.flatMap((type) => FEED_TYPE_TABLE[type].purlTypes.map((purl) => [purl, type] as const)),
);

/** A Package URL's type says which feed it lives in; otherwise the feed-type input does. */
export function feedTypeOf(
  spec: PackageSpec,
  declared: FeedType | undefined,
  names: Pick<InputNames, 'package' | 'feedType' | 'downloadUrl'>,
): FeedType {
  const line = `${names.package} line ${spec.source.line} "${spec.source.text}"`;
  if (spec.purlType) {
    const type = PURL_FEED_TYPES.get(spec.purlType);
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

/** Where ProGet serves a package version's file in a feed of the given type. */
export function packageFile(
  server: string,
  feed: string,
  type: FeedType,
  spec: PackageSpec,
  mavenExtension = 'jar',
): PackageFile {
  return FEED_TYPE_TABLE[type].file(server, feed, spec, mavenExtension);
}
