import type { Logger } from '../output/sink.js';
import type { StepPlan } from '../plan/plan.js';

/** True for hosts on this machine, where plain http never crosses a network. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** Where the key travels and how: a warning for plain http off this machine, and for a host the user allowed. */
export function warnAboutKey(plan: StepPlan, log: Logger): void {
  const usesScaKey = plan.action === 'audit' || plan.action === 'sca' || Boolean(plan.sca);
  if (!plan.apiKey && !(usesScaKey && plan.scaApiKey)) return;
  const download = plan.action === 'download' ? plan.download : undefined;
  const destinations = [new URL(plan.server), ...(download?.url ? [new URL(download.url)] : [])];
  for (const url of destinations) {
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      log.warning(
        `The API key is sent to ${url.host} over plain http: anyone on the network path can read it; use https://.`,
      );
    }
  }
  if (download?.crossOriginHost) {
    log.warning(
      `The API key is sent to ${download.crossOriginHost}, which is not ${plan.names.server}'s host (${plan.names.allowCrossOriginKey} is true).`,
    );
  }
}
