// /api/promotions/* — ProGet's feed-to-feed package promotion (ProGet 2023.0+):
// - POST /api/promotions/promote with a PromotePackageInput {name, group?, version, fromFeed, toFeed, comments?}
//   as JSON (pgutil's PromotePackageInput, camelCase; Inedo/pgutil, Inedo.ProGet/PromotePackageInput.cs and
//   ProGetClient.cs PromotePackageAsync) or as a form with the same names
//   (https://docs.inedo.com/docs/proget/api/packages/promote): 200 promoted, 400 invalid input with a text
//   (the page's earlier response table), 403 key;
// - GET /api/promotions/list?fromFeed=&toFeed=&group=&package=&version= answers PromotedPackage objects
//   [{group, package, packageType, version, promotions: [{fromFeed, toFeed, date, user, comments, id}]}]
//   (https://docs.inedo.com/docs/proget/api/packages/promote/promotion-query): "user" is SYSTEM for a promotion
//   made through the API, dates are UTC "yyyy-MM-ddThh:mm:ss", group is omitted for feeds without groups, an
//   unknown package is not an error.
// The emulator's guesses (README):
// - GUESS: property names match whatever their casing, and unknown properties are ignored (kept on the stored
//   promotion as ignoredProperties), as in the deployment API; the older names packageName/groupName are
//   therefore ignored and the request is a 400 for the missing name.
// - GUESS: an unknown feed (when feeds are configured), feeds of different types, the same feed twice, or a
//   package the source feed does not hold: 400 with the emulator's own text.
// - GUESS: for an npm feed the scope matches with or without its "@" (the docs show both), stored with it.
// - GUESS: promoting a version again is a second promotion, answered 200 and recorded.
// - GUESS: a promotion answers 200 with an empty body; the list filters match names without regard to case
//   (versions exactly) and ignore unknown parameters; with no feeds configured packageType is "upack".
// - GUESS: on ProGet Free both endpoints answer 500 (edition.ts).
import type { BodyKey } from './auth.js';
import type { Catalog } from './catalog.js';
import { displayName } from './catalog.js';
import { freeEditionText, type EditionController } from './edition.js';
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendJson, sendText } from './exchange.js';
import type { Exchange, HandlerContext } from './exchange.js';
import type { StoredPromotion } from './types.js';

export const PROMOTIONS_API_PREFIX = '/api/promotions/';

const MAX_BODY = 1024 * 1024;

/** PromotePackageInput's properties, in pgutil's order; `group` and `comments` are optional. */
const PROPERTIES = ['fromFeed', 'group', 'name', 'version', 'toFeed', 'comments'] as const;
type Property = (typeof PROPERTIES)[number];
const REQUIRED: readonly Property[] = ['name', 'version', 'fromFeed', 'toFeed'];
const CANONICAL = new Map<string, Property>(PROPERTIES.map((name) => [name.toLowerCase(), name]));

/** The promotions API's feed type names (the Query Package Promotions page's packageType values). */
const PACKAGE_TYPES: Record<string, string> = {
  universal: 'upack',
  nuget: 'nuget',
  npm: 'npm',
  maven: 'maven',
};

export interface PromotionsContext extends HandlerContext {
  promotions: StoredPromotion[];
  edition: EditionController;
}

export async function handlePromotionsApi(ex: Exchange, ctx: PromotionsContext): Promise<void> {
  const route = ex.url.pathname.slice(PROMOTIONS_API_PREFIX.length);
  if (route !== 'promote' && route !== 'list') return sendText(ex, 404, 'Not Found');
  const method = route === 'promote' ? 'POST' : 'GET';
  if (ex.req.method !== method) return methodNotAllowed(ex, [method]);
  if (route === 'list') {
    if (ctx.authenticate(ex) === undefined) return;
    if (ctx.edition.edition === 'free') return sendText(ex, 500, freeEditionText('Package promotion'));
    return sendJson(ex, 200, listPromotions(ctx.promotions, ex.url.searchParams));
  }
  return promote(ex, ctx);
}

async function promote(ex: Exchange, ctx: PromotionsContext): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(ex.req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(ex, 413, error.message, { connection: 'close' });
    throw error;
  }
  const contentType = ex.req.headers['content-type'];
  const parsed = parseBody(contentType, body);
  // The key may be in the body, so the body is read first; a refused request learns nothing about its body.
  const auth = ctx.authenticate(ex, undefined, typeof parsed === 'string' ? undefined : parsed.key);
  if (auth === undefined) return;
  if (ctx.edition.edition === 'free') return sendText(ex, 500, freeEditionText('Package promotion'));
  if (typeof parsed === 'string') return sendText(ex, 400, parsed);

  const input = parsed.properties;
  const missing = REQUIRED.filter((name) => !input[name]?.trim());
  if (missing.length > 0) {
    const names = missing.map((n) => `"${n}"`).join(', ');
    return sendText(
      ex,
      400,
      `Missing required ${missing.length === 1 ? 'property' : 'properties'} ${names}.`,
    );
  }
  const outcome = check(ctx.catalog, input as Record<Property, string>);
  if (typeof outcome === 'string') return sendText(ex, 400, outcome);

  const { fromFeed, toFeed, type, group } = outcome;
  const id = { ...(group ? { group } : {}), name: input.name!.trim(), version: input.version!.trim() };
  const source = ctx.catalog.lookup(fromFeed, undefined, id);
  ctx.catalog.add(toFeed, source.kind === 'found' ? { ...id, ...pick(source.pkg.size) } : id);
  const comments = input.comments?.trim() ? input.comments : undefined;
  ctx.promotions.push({
    id: ctx.promotions.reduce((max, p) => Math.max(max, p.id), 0) + 1,
    ...id,
    packageType: PACKAGE_TYPES[type ?? 'universal'] ?? 'upack',
    fromFeed,
    toFeed,
    date: new Date(ctx.edition.now()).toISOString().slice(0, 19),
    user: 'SYSTEM',
    ...(comments !== undefined ? { comments } : {}),
    auth,
    ...(parsed.ignored.length > 0 ? { ignoredProperties: parsed.ignored } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  });
  sendEmpty(ex, 200);
}

function pick(size: number | undefined): { size?: number } {
  return size === undefined ? {} : { size };
}

/** The feeds' configured names and type, and the group as stored; or the text of a 400. */
function check(
  catalog: Catalog,
  input: Record<Property, string>,
): { fromFeed: string; toFeed: string; type?: string; group?: string } | string {
  const fromName = input.fromFeed.trim();
  const toName = input.toFeed.trim();
  if (fromName.toLowerCase() === toName.toLowerCase()) {
    return `"fromFeed" and "toFeed" are the same feed ("${fromName}"); promote to another feed.`;
  }
  let group = input.group?.trim() || undefined;
  if (!catalog.configured) return { fromFeed: fromName, toFeed: toName, ...(group ? { group } : {}) };

  const from = catalog.feed(fromName);
  const to = catalog.feed(toName);
  if (!from) return `Feed "${fromName}" (fromFeed) was not found.`;
  if (!to) return `Feed "${toName}" (toFeed) was not found.`;
  if (from.type !== to.type) {
    return `Feeds "${from.name}" (${from.type}) and "${to.name}" (${to.type}) are of different types.`;
  }
  if (group && from.type === 'npm' && !group.startsWith('@')) group = `@${group}`;
  const id = { ...(group ? { group } : {}), name: input.name.trim(), version: input.version.trim() };
  if (catalog.lookup(from.name, undefined, id).kind !== 'found') {
    return `Package "${displayName(id)}" version "${id.version}" was not found in feed "${from.name}".`;
  }
  return { fromFeed: from.name, toFeed: to.name, type: from.type, ...(group ? { group } : {}) };
}

/** Names compare without regard to case, and a scope with or without its "@". */
const sameName = (a: string | undefined, b: string) =>
  (a ?? '').replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();

/** PromotedPackage objects for the promotions matching every filter given, grouped by package version. */
export function listPromotions(
  promotions: readonly StoredPromotion[],
  query: URLSearchParams,
): Record<string, unknown>[] {
  const filter = (name: string) => query.get(name) || undefined;
  const fromFeed = filter('fromFeed');
  const toFeed = filter('toFeed');
  const group = filter('group');
  const name = filter('package');
  const version = filter('version');
  const matching = promotions.filter(
    (p) =>
      (fromFeed === undefined || sameName(p.fromFeed, fromFeed)) &&
      (toFeed === undefined || sameName(p.toFeed, toFeed)) &&
      (group === undefined || sameName(p.group, group)) &&
      (name === undefined || sameName(p.name, name)) &&
      (version === undefined || p.version === version),
  );
  const packages = new Map<string, Record<string, unknown> & { promotions: unknown[] }>();
  for (const p of matching) {
    const key = [p.packageType, (p.group ?? '').toLowerCase(), p.name.toLowerCase(), p.version].join(
      '\u0000',
    );
    let entry = packages.get(key);
    if (!entry) {
      entry = {
        ...(p.group ? { group: p.group } : {}),
        package: p.name,
        packageType: p.packageType,
        version: p.version,
        promotions: [],
      };
      packages.set(key, entry);
    }
    entry.promotions.push({
      fromFeed: p.fromFeed,
      toFeed: p.toFeed,
      date: p.date,
      user: p.user,
      comments: p.comments ?? null,
      id: p.id,
    });
  }
  return [...packages.values()];
}

interface ParsedBody {
  properties: Partial<Record<Property, string>>;
  key?: BodyKey;
  ignored: string[];
}

/** A JSON object or a form, bound to PromotePackageInput's names; or the text of a 400. */
function parseBody(contentType: string | undefined, body: Buffer): ParsedBody | string {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `The request body is not valid JSON: ${(error as Error).message}`;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return 'The request body must be a JSON object (a PromotePackageInput).';
    }
    return bind(Object.entries(value), 'json', 'api_key');
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const entries = [...new URLSearchParams(text)];
    const seen = new Set<string>();
    for (const [name] of entries) {
      if (seen.has(name)) return `Property "${name}" is given more than once.`;
      seen.add(name);
    }
    return bind(entries, 'form', 'key');
  }
  return `Unsupported Content-Type "${contentType ?? ''}": send application/json or application/x-www-form-urlencoded.`;
}

function bind(entries: [string, unknown][], place: BodyKey['place'], keyName: string): ParsedBody | string {
  const parsed: ParsedBody = { properties: {}, ignored: [] };
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    const canonical = CANONICAL.get(lower);
    if (!canonical && lower !== keyName) {
      parsed.ignored.push(name);
      continue;
    }
    if (value === null) continue;
    if (typeof value !== 'string') return `Property "${name}" must be a string.`;
    if (canonical) parsed.properties[canonical] = value;
    else parsed.key = { place, key: value };
  }
  return parsed;
}
