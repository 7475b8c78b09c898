import type { KeyPlacement } from './auth.js';
import { proGetUrl } from './url.js';

/** A package version as a feed's URLs name it. */
export interface FeedPackage {
  name: string;
  version: string;
  group?: string;
}

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
  downloadAuth: KeyPlacement;
  /**
   * Where ProGet serves a version's file: each ecosystem's own protocol (the NuGet v2 package download, the npm
   * registry's tarball, the Maven 2 repository layout https://maven.apache.org/repository/layout.html, ProGet's
   * Universal Feed API). Each segment is encoded on its own so a name can never climb out of its place.
   */
  file(server: string, feed: string, spec: FeedPackage, mavenExtension: string): PackageFile;
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
export const EXACT_URL_AUTH: KeyPlacement = 'basic';
export const FEED_TYPES = Object.keys(FEED_TYPE_TABLE) as FeedType[];

const PURL_FEED_TYPES = new Map<string, FeedType>(
  FEED_TYPES.flatMap((type) => FEED_TYPE_TABLE[type].purlTypes.map((purl) => [purl, type] as const)),
);

/** The feed type that holds a Package URL type's packages, if download mode knows one. */
export function feedTypeOfPurl(purlType: string): FeedType | undefined {
  return PURL_FEED_TYPES.get(purlType);
}

/** Where ProGet serves a package version's file in a feed of the given type. */
export function packageFile(
  server: string,
  feed: string,
  type: FeedType,
  spec: FeedPackage,
  mavenExtension = 'jar',
): PackageFile {
  return FEED_TYPE_TABLE[type].file(server, feed, spec, mavenExtension);
}
