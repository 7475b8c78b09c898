import { proGetUrl } from './endpoint.js';

/** ProGet's page for a package version (its "History" tab lists the deployment records). */
export function packagePageUrl(server: string, feed: string, record: { GroupName?: string; PackageName: string; Version: string }): string {
  const segments = [feed, ...(record.GroupName ? record.GroupName.split('/') : []), record.PackageName, record.Version];
  return proGetUrl(server, `feeds/${segments.map(encodeURIComponent).join('/')}`).href;
}
