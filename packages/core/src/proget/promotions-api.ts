import type { Dispatcher } from 'undici';
import type { Exchange } from './pipeline.js';
import { notRetriedWhenRateLimited } from './sca-api.js';
import { proGetUrl } from './url.js';

/**
 * ProGet's package promotion API (ProGet 2023+, Basic or Enterprise): promote a package version from one feed
 * to another (https://docs.inedo.com/docs/proget/api/packages/promote), and list past promotions
 * (https://docs.inedo.com/docs/proget/api/packages/promote/promotion-query). Property and parameter names as
 * the docs and pgutil (Inedo.ProGet/PromotePackageInput.cs) write them.
 */
export interface PackagePromotion {
  name: string;
  /** npm: the scope with its `@`; Maven: the groupId; universal: the group. */
  group?: string;
  version: string;
  fromFeed: string;
  toFeed: string;
  comments?: string;
}

export function promotePackage(server: string, promotion: PackagePromotion): Exchange<void> {
  const { group, comments, ...rest } = promotion;
  return {
    method: 'POST',
    url: proGetUrl(server, 'api/promotions/promote'),
    headers: { 'content-type': 'application/json', accept: 'text/plain, */*' },
    body: JSON.stringify({ ...rest, ...(group ? { group } : {}), ...(comments ? { comments } : {}) }),
    final: notRetriedWhenRateLimited,
    label: `promote ${group ? `${group}/` : ''}${promotion.name}@${promotion.version}`,
    read: async (response) => void (await response.body.dump()),
  };
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);

/** Whether a list answer shows this version promoted from `fromFeed` to `toFeed` already (names without regard to case). */
function showsPromotion(answer: unknown, promotion: PackagePromotion): boolean {
  if (!Array.isArray(answer)) return false;
  return answer.some((entry: { promotions?: unknown }) =>
    Array.isArray(entry?.promotions)
      ? entry.promotions.some(
          (p: { fromFeed?: unknown; toFeed?: unknown }) =>
            lower(p?.fromFeed) === promotion.fromFeed.toLowerCase() &&
            lower(p?.toFeed) === promotion.toFeed.toLowerCase(),
        )
      : false,
  );
}

async function readJson(response: Dispatcher.ResponseData): Promise<unknown> {
  try {
    return JSON.parse(await response.body.text());
  } catch {
    return undefined;
  }
}

/** Whether ProGet has this version promoted from `fromFeed` to `toFeed` already: a re-run promotes nothing twice. */
export function alreadyPromoted(server: string, promotion: PackagePromotion): Exchange<boolean> {
  const url = proGetUrl(server, 'api/promotions/list');
  url.search = new URLSearchParams({
    fromFeed: promotion.fromFeed,
    toFeed: promotion.toFeed,
    ...(promotion.group ? { group: promotion.group } : {}),
    package: promotion.name,
    version: promotion.version,
  }).toString();
  return {
    method: 'GET',
    url,
    headers: { accept: 'application/json' },
    final: notRetriedWhenRateLimited,
    label: `promotions of ${promotion.group ? `${promotion.group}/` : ''}${promotion.name}@${promotion.version}`,
    read: async (response) => showsPromotion(await readJson(response), promotion),
  };
}
