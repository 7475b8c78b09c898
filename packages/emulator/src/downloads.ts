// Feed downloads, in the URL forms ProGet serves for each feed type. A download that carries the
// X-ProGet-Deployment-* headers also records a deployment, which is the other documented way to record one.
// Content is generated on the fly (see content.ts), so a 200 MB package costs one 64 KiB buffer.
import type { ServerResponse } from 'node:http';
import { FEED_TYPE_TABLE, FEED_TYPES, type FeedType } from '@proget-deploy/core';
import type { KeyPlace } from './auth.js';
import type { PackageId } from './catalog.js';
import { contentChunks, packageSize } from './content.js';
import { methodNotAllowed, sendText, writeHead } from './exchange.js';
import type { Exchange, HandlerContext } from './exchange.js';
import { isIso8601 } from './record.js';
import type { DeploymentRecord } from './types.js';

export interface DownloadRoute {
  type: FeedType;
  feed: string;
  id: PackageId;
}

/** The first path segment of each feed type's URLs, from core's feed-type table (the URLs the client builds). */
const PREFIXES: Record<string, FeedType> = Object.fromEntries(
  FEED_TYPES.map((type) => [FEED_TYPE_TABLE[type].urlPrefix, type]),
);

/** The rest of a download path, per feed type: a feed type added to core's table fails to compile here. */
const PARSERS: Record<FeedType, (rest: string[]) => PackageId | undefined> = {
  universal: parseUniversal,
  nuget: parseNuGet,
  npm: parseNpm,
  maven: parseMaven,
};

/**
 * Parses a download URL's path into feed and package, or returns undefined when the path is not a
 * download. Segments are decoded one at a time, so an encoded "/" (npm's "%40scope%2fname") stays inside
 * its segment.
 */
function parseDownloadPath(pathname: string): DownloadRoute | undefined {
  let segments: string[];
  try {
    segments = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined; // malformed percent-encoding
  }
  const [prefix, feed, ...rest] = segments;
  if (prefix === undefined || !feed || !Object.hasOwn(PREFIXES, prefix)) return undefined;
  if (rest.some((segment) => segment === '')) return undefined;
  const type = PREFIXES[prefix]!;
  const id = PARSERS[type](rest);
  return id ? { type, feed, id } : undefined;
}

/** download/{group...}/{name}/{version}: the group may have several segments or be absent. */
function parseUniversal(rest: string[]): PackageId | undefined {
  if (rest[0] !== 'download' || rest.length < 3) return undefined;
  const version = rest[rest.length - 1];
  const name = rest[rest.length - 2];
  const group = rest.slice(1, -2).join('/');
  if (!name || !version) return undefined;
  return { ...(group && { group }), name, version };
}

/** package/{id}/{version} */
function parseNuGet(rest: string[]): PackageId | undefined {
  const [keyword, name, version, ...extra] = rest;
  if (keyword !== 'package' || !name || !version || extra.length > 0) return undefined;
  return { name, version };
}

/** {name}/-/{basename}-{version}.tgz, where name is "name", "@scope/name" or "@scope%2fname". */
function parseNpm(rest: string[]): PackageId | undefined {
  const dash = rest.indexOf('-');
  const file = rest[dash + 1];
  if (dash < 1 || dash !== rest.length - 2 || !file?.endsWith('.tgz')) return undefined;
  const fullName = rest.slice(0, dash).join('/');
  const slash = fullName.indexOf('/');
  let group: string | undefined;
  let name = fullName;
  if (slash >= 0) {
    group = fullName.slice(0, slash);
    name = fullName.slice(slash + 1);
    if (!group.startsWith('@') || group.length < 2 || !name || name.includes('/')) return undefined;
  }
  const prefix = `${name}-`;
  if (!file.startsWith(prefix)) return undefined;
  const version = file.slice(prefix.length, -'.tgz'.length);
  if (!version) return undefined;
  return { ...(group && { group }), name, version };
}

/** {groupId as path}/{artifactId}/{version}/{artifactId}-{version}[-classifier].{ext} */
function parseMaven(rest: string[]): PackageId | undefined {
  if (rest.length < 4) return undefined;
  const file = rest[rest.length - 1] ?? '';
  const version = rest[rest.length - 2] ?? '';
  const name = rest[rest.length - 3] ?? '';
  const group = rest.slice(0, -3).join('.');
  const stem = `${name}-${version}`;
  // After the stem: an optional classifier ("-sources"), then one or more extensions (".jar", ".jar.sha1").
  if (!file.startsWith(stem) || !/^(-[^.]+)?(\.[^.]+)+$/.test(file.slice(stem.length))) return undefined;
  return { group, name, version };
}

/**
 * Where each feed type's download endpoint reads a key. Feed endpoints "do not use [the /api/]
 * convention" (https://docs.inedo.com/docs/proget/api/http-requests#feed-endpoints); each is documented
 * on its own:
 * - universal: "the request header (X-ApiKey), querystring (key), or api:«api-key» as the username"
 *   (https://docs.inedo.com/docs/proget/api/universal-feed#authentication);
 * - NuGet, Maven: user `api` with the key as password (https://docs.inedo.com/docs/proget/feeds/nuget,
 *   https://docs.inedo.com/docs/proget/feeds/maven); API keys page: clients downloading packages
 *   "authenticate using Basic" (https://docs.inedo.com/docs/proget/api/apikeys#using-api-keys);
 * - npm: `_auth` (base64 of api:KEY, i.e. basic) or `_authToken` = the key, which npm sends as a Bearer
 *   token (https://docs.inedo.com/docs/proget/feeds/npm).
 * No document says these endpoints read X-ApiKey or `key`, so here they do not (see README.md, guesses).
 */
const DOWNLOAD_KEY_PLACES: Record<FeedType, readonly KeyPlace[]> = {
  universal: ['header', 'query', 'basic'],
  nuget: ['basic'],
  npm: ['basic', 'bearer'],
  maven: ['basic'],
};

const HEADER = 'x-proget-deployment-';

export async function handleDownload(ex: Exchange, ctx: HandlerContext): Promise<void> {
  const route = parseDownloadPath(ex.url.pathname);
  if (!route) return sendText(ex, 404, 'Not found.');
  const method = ex.req.method;
  if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(ex, ['GET', 'HEAD']);
  const auth = ctx.authenticate(ex, DOWNLOAD_KEY_PLACES[route.type]);
  if (auth === undefined) return;

  const lookup = ctx.catalog.lookup(route.feed, route.type, route.id);
  // A feed of another type has no such endpoint, so ProGet answers as for a feed that does not exist.
  if (lookup.kind === 'no-feed' || lookup.kind === 'wrong-type') return sendText(ex, 404, 'Feed not found.');
  if (lookup.kind === 'no-package') return sendText(ex, 404, 'Package not found.');

  const record = deploymentFromHeaders(ex, route);
  if (typeof record === 'string') return sendText(ex, 400, record);

  const truncate = ctx.faults.truncateDownloads;
  // A truncated download is a failed request, and failed requests are never stored; HEAD downloads nothing.
  if (record && method === 'GET' && !truncate) {
    ctx.deployments.push({ source: 'download', auth, record, receivedAt: new Date().toISOString() });
  }

  const size = packageSize(lookup.pkg);
  writeHead(ex, 200, { 'content-type': 'application/octet-stream', 'content-length': size });
  if (method === 'HEAD') return void ex.res.end();
  // Content is derived from the identity in the URL, so a listed package's casing does not change the bytes.
  const pkg = { ...route.id, size };
  if (!truncate) {
    if (await writeChunks(ex.res, contentChunks(pkg))) ex.res.end();
    return;
  }
  // Send half of the promised bytes, then end the connection: the client sees a short body.
  if (await writeChunks(ex.res, contentChunks(pkg, Math.floor(size / 2)))) {
    ex.res.socket?.end();
  }
}

/**
 * The deployment a download's headers describe, undefined when the required three are not all present
 * (ProGet then records nothing), or the text of a 400 for a malformed Date.
 */
function deploymentFromHeaders(ex: Exchange, route: DownloadRoute): DeploymentRecord | undefined | string {
  const header = (name: string): string | undefined => {
    const value = ex.req.headers[HEADER + name];
    const text = Array.isArray(value) ? value.join(', ') : value;
    return text === undefined || text.trim() === '' ? undefined : text;
  };
  const application = header('application');
  const description = header('description');
  const target = header('target');
  if (!application || !description || !target) return undefined;
  const date = header('date');
  if (date !== undefined && !isIso8601(date)) {
    return `Header "X-ProGet-Deployment-Date" is not an ISO 8601 date: "${date}".`;
  }
  const userName = header('username');
  const url = header('url');
  return {
    Application: application,
    Description: description,
    Target: target,
    FeedName: route.feed,
    PackageName: route.id.name,
    Version: route.id.version,
    ...(route.id.group !== undefined && { GroupName: route.id.group }),
    ...(userName !== undefined && { UserName: userName }),
    ...(url !== undefined && { Url: url }),
    Date: date ?? new Date().toISOString(),
  };
}

/**
 * Writes chunks, waiting for 'drain' whenever the socket's buffer is full, so memory stays flat however
 * large the package. Resolves false if the connection closed first (client gone, or emulator closing).
 */
async function writeChunks(res: ServerResponse, chunks: Iterable<Buffer>): Promise<boolean> {
  for (const chunk of chunks) {
    if (res.destroyed) return false;
    if (!res.write(chunk)) {
      const drained = await new Promise<boolean>((resolve) => {
        const done = (value: boolean) => () => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(value);
        };
        const onDrain = done(true);
        const onClose = done(false);
        res.on('drain', onDrain);
        res.on('close', onClose);
      });
      if (!drained) return false;
    }
  }
  return !res.destroyed;
}
