import { proGetUrl } from '../endpoint.js';
import type { PackageSpec } from '../package-spec.js';
import type { FeedType } from './feed-type.js';

export interface PackageFile {
  url: URL;
  /** The file name the package is saved under. */
  fileName: string;
}

const enc = encodeURIComponent;

/**
 * Where ProGet serves a package version's file, per feed type (proget-facts.md). Each segment is encoded on
 * its own so a name can never climb out of its place in the path.
 */
export function packageFile(
  server: string,
  feed: string,
  type: FeedType,
  spec: PackageSpec,
  mavenExtension = 'jar',
): PackageFile {
  const { name, version, group } = spec;
  switch (type) {
    case 'universal': {
      const groupPath = group ? `${group.split('/').map(enc).join('/')}/` : '';
      return {
        url: proGetUrl(server, `upack/${enc(feed)}/download/${groupPath}${enc(name)}/${enc(version)}`),
        fileName: `${name}-${version}.upack`,
      };
    }
    case 'nuget':
      return {
        url: proGetUrl(server, `nuget/${enc(feed)}/package/${enc(name)}/${enc(version)}`),
        fileName: `${name}.${version}.nupkg`,
      };
    case 'npm': {
      const fullName = group ? `${enc(group)}/${enc(name)}` : enc(name);
      return {
        url: proGetUrl(server, `npm/${enc(feed)}/${fullName}/-/${enc(name)}-${enc(version)}.tgz`),
        fileName: `${group ? `${group.replace(/^@/, '')}-` : ''}${name}-${version}.tgz`,
      };
    }
    case 'maven': {
      const groupPath = (group ?? '').split('.').filter(Boolean).map(enc).join('/');
      const file = `${name}-${version}.${mavenExtension}`;
      return {
        url: proGetUrl(
          server,
          `maven2/${enc(feed)}/${groupPath ? `${groupPath}/` : ''}${enc(name)}/${enc(version)}/${enc(file)}`,
        ),
        fileName: file,
      };
    }
  }
}
