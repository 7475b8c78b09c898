import { InvalidInputError } from '../errors.js';
import { describeRecord, type DeploymentRecord } from '../proget/deployment-api.js';

/** The custom-record headers ProGet reads on a feed download ("Custom Records" in the deployment docs). */
const HEADER_FIELDS = ['Application', 'Description', 'Target', 'Url', 'UserName', 'Date'] as const;

/**
 * HTTP header values are Latin-1 text without control characters; anything else is either rejected by the
 * HTTP stack or mangled on the way, and a mangled user name in an audit trail is worse than an error.
 */
const HEADER_SAFE = /^[\t\x20-\x7e\xa0-\xff]*$/;

/** The value as it can be shown in a one-line message: control characters become `?`. */
function printable(value: string): string {
  return [...value].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '?' : c)).join('');
}

export function deploymentHeaders(record: DeploymentRecord): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const field of HEADER_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (!HEADER_SAFE.test(value)) {
      throw new InvalidInputError(
        `${field} "${printable(value)}" cannot travel in an HTTP header (control characters or characters outside ISO-8859-1) for ${describeRecord(record)}; record through the API instead (the default mode)`,
      );
    }
    headers[`x-proget-deployment-${field.toLowerCase()}`] = value;
  }
  return headers;
}
