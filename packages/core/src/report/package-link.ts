import { proGetUrl } from '../proget/url.js';

/** ProGet's page for a package version (its "History" tab lists the deployment records). */
export function packagePageUrl(
  server: string,
  feed: string,
  record: { GroupName?: string; PackageName: string; Version: string },
): string {
  const segments = [
    feed,
    ...(record.GroupName ? record.GroupName.split('/') : []),
    record.PackageName,
    record.Version,
  ];
  // Parentheses are encoded too: the link is written into markdown, where `)` would end it.
  // `@` (npm scopes) stays readable: it is valid in a path segment.
  const encode = (segment: string) =>
    encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/%40/g, '@');
  return proGetUrl(server, `feeds/${segments.map(encode).join('/')}`).href;
}
