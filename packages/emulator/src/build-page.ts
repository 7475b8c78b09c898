// GET /projects2/builds/build?buildId=N (BuildInfo's viewBuildUrl, as the Get Build page's example shows it)
// and GET /projects/build/issues?projectBuildId=N (viewIssuesUrl; see sca-store.ts): a plain stand-in for
// ProGet's build pages, sharing only their addresses, so the links a summary shows open something while the
// emulator runs. Like a browser on ProGet's UI, it sends no API key. Every value is HTML-escaped.
import { sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import { escapeHtml } from './html.js';
import { NOT_ANALYZED_TEXT, VERDICT_STATUS } from './sca-analysis.js';
import { packagePurl, type ScaStore } from './sca-store.js';

const PAGES: Record<string, string> = {
  '/projects2/builds/build': 'buildId',
  '/projects/build/issues': 'projectBuildId',
};

export function isBuildPagePath(pathname: string): boolean {
  return Object.hasOwn(PAGES, pathname);
}

const table = (headings: string[], rows: string[][]): string =>
  rows.length === 0
    ? '<p>None.</p>'
    : `<table><tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>\n${rows
        .map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('\n')}\n</table>`;

export function handleBuildPage(ex: Exchange, store: ScaStore): void {
  if (ex.req.method !== 'GET') return sendText(ex, 405, 'Only GET shows a build page.', { allow: 'GET' });
  const issuesPage = ex.url.pathname === '/projects/build/issues';
  const idText = ex.url.searchParams.get(PAGES[ex.url.pathname]!) ?? '';
  const found = /^\d+$/.test(idText) ? store.buildById(Number(idText)) : undefined;
  if (!found) return sendText(ex, 404, 'Build not found.');
  const { project, build } = found;
  const analysis = store.analysis(project.name, build.version);
  const title = `${project.name} ${build.version}`;
  const verdict =
    analysis.verdict === 'not-analysed' ? NOT_ANALYZED_TEXT : VERDICT_STATUS[analysis.verdict].text;
  const last = build.lastAnalysis?.lastAnalyzedDate;
  const facts: [string, string][] = [
    ['Project', project.name],
    ['Build', build.version],
    ['Status', build.active ? 'Active' : 'Archived'],
    ['Stage', build.stage ?? '-'],
    ['Stages promoted to', build.promotions.join(' → ') || '-'],
    ['Analysis', last ? `${verdict} on ${last}` : `${verdict} (when next analysed; not analysed yet)`],
    ['Url', build.url ?? '-'],
    ['Created', build.created],
  ];
  const issues = table(
    ['#', 'Type', 'Package', 'Vulnerability', 'Detail', 'Resolved', 'Created'],
    analysis.issues.map((i) => [
      String(i.number),
      i.type,
      i.purl,
      i.vulnerability ?? '',
      i.detail,
      i.resolved ? 'yes' : 'no',
      i.created,
    ]),
  );
  const packages = table(
    ['Package', 'Name', 'Version'],
    build.packages.map((p) => [packagePurl(p), [p.group, p.name].filter(Boolean).join('/'), p.version ?? '']),
  );
  const comments = table(
    ['#', 'By', 'Date', 'Comment'],
    build.comments.map((c) => [String(c.number), c.by ?? '', c.date, c.comment]),
  );
  const sections = issuesPage
    ? [`<h2>Issues</h2>\n${issues}`]
    : [`<h2>Issues</h2>\n${issues}`, `<h2>Packages</h2>\n${packages}`, `<h2>Comments</h2>\n${comments}`];
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}${issuesPage ? ': Issues' : ''} (ProGet emulator)</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body>
<h1>${escapeHtml(title)}${issuesPage ? ': Issues' : ''}</h1>
<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${sections.join('\n')}
<p>The ProGet emulator's stand-in for this build's page in ProGet.</p>
</body></html>
`;
  sendText(ex, 200, html, { 'content-type': 'text/html; charset=utf-8' });
}
