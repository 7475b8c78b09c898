// GET /feeds/{feed}/{group...}/{name}/{version}: where ProGet's web UI shows a package version, and the link
// every summary's "History" column points at. The emulator's page is a plain stand-in for ProGet's (a
// guess at nothing but the address): the version's deployment records, field by field, so a user trying the
// demo can follow the links while the emulator runs. Like a browser on ProGet's UI, it sends no API key.
import { sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import { escapeHtml } from './html.js';
import type { StoredDeployment } from './types.js';

const PREFIX = '/feeds/';

const FIELDS = [
  'Date',
  'Application',
  'Target',
  'UserName',
  'Description',
  'Url',
  'FeedName',
  'GroupName',
  'PackageName',
  'Version',
] as const;

export function isPackagePagePath(pathname: string): boolean {
  return pathname.startsWith(PREFIX);
}

/** feed, then the group's segments, name, version; undefined when the path cannot name a package version. */
function parse(
  pathname: string,
): { feed: string; group?: string; name: string; version: string } | undefined {
  let segments: string[];
  try {
    segments = pathname.slice(PREFIX.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.length < 3 || segments.some((s) => s === '')) return undefined;
  const [feed, ...rest] = segments;
  const version = rest.pop()!;
  const name = rest.pop()!;
  return { feed: feed!, ...(rest.length > 0 ? { group: rest.join('/') } : {}), name, version };
}

export function handlePackagePage(ex: Exchange, deployments: readonly StoredDeployment[]): void {
  if (ex.req.method !== 'GET') return sendText(ex, 405, 'Only GET shows a package page.', { allow: 'GET' });
  const id = parse(ex.url.pathname);
  if (!id) return sendText(ex, 404, 'Not found.');
  const history = deployments.filter(
    ({ record }) =>
      record.FeedName === id.feed &&
      (record.GroupName ?? undefined) === id.group &&
      record.PackageName === id.name &&
      record.Version === id.version,
  );
  const title = `${[id.group, id.name].filter(Boolean).join('/')} ${id.version} in feed ${id.feed}`;
  const rows = history
    .map(
      ({ record }) =>
        `<tr>${FIELDS.map((f) => `<td>${escapeHtml(String(record[f] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}: History (ProGet emulator)</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<h2>History: ${history.length} deployment record${history.length === 1 ? '' : 's'}</h2>
<table><tr>${FIELDS.map((f) => `<th>${f}</th>`).join('')}</tr>
${rows}
</table>
<p>The ProGet emulator's stand-in for this package's page in ProGet.</p>
</body></html>
`;
  sendText(ex, 200, html, { 'content-type': 'text/html; charset=utf-8' });
}
