// Which feeds and packages exist. With no feeds configured everything exists, so most tests need no setup;
// configured feeds make the emulator answer unknown feeds and packages the way ProGet does.
import type { FeedType } from '@proget-deploy/core';
import type { EmulatorFeed, EmulatorPackage } from './types.js';

export interface PackageId {
  group?: string;
  name: string;
  version: string;
}

export type PackageLookup =
  | { kind: 'found'; pkg: EmulatorPackage }
  | { kind: 'no-feed' }
  | { kind: 'wrong-type'; actual: FeedType }
  | { kind: 'no-package' };

export class Catalog {
  private readonly feeds: Map<string, EmulatorFeed>;

  constructor(feeds: Record<string, EmulatorFeed> = {}) {
    // ProGet stores names in a case-insensitive database, so "DefaultNuGet" and "defaultnuget" are one feed.
    this.feeds = new Map(Object.entries(feeds).map(([name, feed]) => [name.toLowerCase(), feed]));
  }

  /**
   * Looks a package up. `type` is the feed type a download URL implies; the deployment API passes none,
   * since it records deployments for any feed type.
   */
  lookup(feedName: string, type: FeedType | undefined, id: PackageId): PackageLookup {
    if (this.feeds.size === 0) return { kind: 'found', pkg: id };
    const feed = this.feeds.get(feedName.toLowerCase());
    if (!feed) return { kind: 'no-feed' };
    if (type !== undefined && feed.type !== type) return { kind: 'wrong-type', actual: feed.type };
    if (!feed.packages) return { kind: 'found', pkg: id };
    const pkg = feed.packages.find(
      (p) => sameName(p.group ?? '', id.group ?? '') && sameName(p.name, id.name) && p.version === id.version,
    );
    return pkg ? { kind: 'found', pkg } : { kind: 'no-package' };
  }
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** "group/name" or "name", for messages. */
export function displayName(id: Pick<PackageId, 'group' | 'name'>): string {
  return id.group ? `${id.group}/${id.name}` : id.name;
}
