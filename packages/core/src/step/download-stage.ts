// Download mode's stage: the feed URLs, the deployment headers, the download and the file it saves. The step
// imports it only for a download (its own chunk in a bundle).
export { planDownloads } from '../download/plan-downloads.js';
export { runDownloads } from '../download/run-downloads.js';
