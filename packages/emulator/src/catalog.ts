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

/** A configured feed under the name it was configured with. */
export interface CatalogFeed {
  name: string;
  type: FeedType;
  /** undefined: the feed holds every package. */
  packages?: readonly EmulatorPackage[];
}

export class Catalog {
  private readonly feeds: Map<string, EmulatorFeed & { name: string }>;
  /** Packages added to feeds since the start (by promotion), by lower-cased feed name. */
  private readonly added = new Map<string, EmulatorPackage[]>();

  constructor(feeds: Record<string, EmulatorFeed> = {}) {
    // ProGet stores names in a case-insensitive database, so "DefaultNuGet" and "defaultnuget" are one feed.
    this.feeds = new Map(
      Object.entries(feeds).map(([name, feed]) => [name.toLowerCase(), { ...feed, name }]),
    );
  }

  /** Whether feeds are configured at all (otherwise every feed exists and holds every package). */
  get configured(): boolean {
    return this.feeds.size > 0;
  }

  /** A configured feed, with the packages added to it; undefined when unknown or none are configured. */
  feed(name: string): CatalogFeed | undefined {
    const feed = this.feeds.get(name.toLowerCase());
    if (!feed) return undefined;
    const added = this.added.get(name.toLowerCase()) ?? [];
    return {
      name: feed.name,
      type: feed.type,
      ...(feed.packages ? { packages: [...feed.packages, ...added] } : {}),
    };
  }

  /** Adds a package to a configured feed that lists its packages, unless it holds it already. */
  add(feedName: string, pkg: EmulatorPackage): void {
    const feed = this.feeds.get(feedName.toLowerCase());
    if (!feed?.packages) return;
    if (this.lookup(feedName, undefined, pkg).kind === 'found') return;
    const list = this.added.get(feedName.toLowerCase()) ?? [];
    list.push(pkg);
    this.added.set(feedName.toLowerCase(), list);
  }

  /** Forgets the packages added since the start. */
  reset(): void {
    this.added.clear();
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
    const packages = [...feed.packages, ...(this.added.get(feedName.toLowerCase()) ?? [])];
    const pkg = packages.find(
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
