import type { DeploymentError } from '../errors.js';
import type { InputNames } from './names.js';

/**
 * Which input fixes a failure. The request pipeline classifies what ProGet (or the network) did; the stage
 * that made the request tells the user what to change, naming the input as their platform spells it. Here is
 * that knowledge, once, for every stage.
 */

const who = (error: DeploymentError) => (error.answeredBy === 'ProGet' ? 'ProGet' : 'The server');

/** The hint for a failure of the connection itself, whatever the endpoint; undefined when the reason is not one. */
export function connectionHint(error: DeploymentError, names: InputNames): string | undefined {
  switch (error.reason) {
    case 'timeout':
      return `Raise ${names.timeout}, or check that a proxy or firewall lets the runner reach ProGet.`;
    case 'tls':
      return `If ProGet uses a private CA, give its PEM file with ${names.caCert} (or NODE_EXTRA_CA_CERTS); ${names.insecure} skips the check but exposes the key.`;
    case 'unreachable':
      return `Check ${names.server}, DNS, and HTTPS_PROXY/NO_PROXY if the runner needs a proxy.`;
    case 'redirected':
      return `${who(error)} moved${error.location ? ` to ${error.location}` : ''}: set ${names.server} to the address it redirects to (deployment records are POSTs and are never re-sent to a redirect).`;
    case 'unexpected-status':
      return `Is ${names.server} the root URL of a ProGet server (5.2.26 or later)?`;
    default:
      return undefined;
  }
}

/** The failure with the connection's hint added, when it has one. */
export function withConnectionHint(error: DeploymentError, names: InputNames): DeploymentError {
  const hint = connectionHint(error, names);
  return hint ? error.retold({ hint }) : error;
}

/** What a feed endpoint's failure (a deployment record, a download) asks of the user. */
export function feedRemedy(
  error: DeploymentError,
  names: InputNames,
  about: { feed: string; hasKey: boolean },
): DeploymentError {
  const feed = about.feed ? ` "${about.feed}"` : '';
  switch (error.reason) {
    case 'refused':
      return error.retold({
        hint: about.hasKey
          ? `The API key is unknown, expired, or lacks the Feeds_DownloadPackage privilege on feed${feed}; check ${names.apiKey}.`
          : `${who(error)} does not allow anonymous access here: set ${names.apiKey} to a key with Feeds_DownloadPackage on feed${feed}.`,
      });
    case 'not-found':
      return error.retold({
        hint: `Check that feed${feed} exists and that ${names.server} is ProGet's root URL (not a feed or API URL).`,
      });
    case 'bad-request':
      return error.retold({
        hint: `${who(error)} rejected the record: check that feed${feed} holds this package name, group and version.`,
      });
    default:
      return withConnectionHint(error, names);
  }
}

/** Features of ProGet that need a paid licence, as its "License Restrictions" page names them. */
export type LicensedFeature = 'SCA builds' | 'package promotion';

/**
 * What a licence explains: ProGet Free has neither SCA builds nor package promotion (ProGet answers so, and
 * names its edition in X-ProGet-Edition); ProGet Basic allows ten compliance API actions an hour, so a 429 there
 * is most likely that limit, not an outage to retry. Undefined when the failure is not one of these.
 */
export function licenceRemedy(error: DeploymentError, feature: LicensedFeature): DeploymentError | undefined {
  const free = error.details.edition === 'Free' || /\bFree Edition\b/i.test(error.body ?? '');
  if (
    free &&
    (error.reason === 'server-failed' || error.reason === 'refused' || error.reason === 'bad-request')
  ) {
    // A licence does not heal by itself: not an outage `on-error: warn` may forgive.
    return error.retold({
      kind: 'rejected',
      hint: `ProGet Free has no ${feature}: they need ProGet Basic or Enterprise.`,
    });
  }
  if (error.reason === 'rate-limited') {
    return error.retold({
      hint: `ProGet Basic allows ten compliance API actions an hour, and this is most likely that limit (ProGet${error.details.edition ? ` ${error.details.edition}` : ''} answered 429); it was not retried, as an hour is no wait within a run.`,
    });
  }
  return undefined;
}
