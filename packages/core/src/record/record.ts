import { InvalidInputError } from '../errors.js';
import { toUtcIso } from '../inputs/iso-date.js';
import { isHttpUrl } from '../inputs/validation.js';
import { describeRecord, type DeploymentRecord, type RecordDraft } from '../proget/deployment-api.js';

const REQUIRED = ['Application', 'Description', 'Target', 'FeedName', 'PackageName', 'Version'] as const;
const OPTIONAL = ['GroupName', 'UserName', 'Url', 'Date'] as const;

/**
 * Trims every value, drops empty optionals, checks the required ones and the formats ProGet would reject
 * (or worse, store wrongly), and converts Date to UTC. Throws before anything is sent.
 */
export function validateRecord(draft: RecordDraft): DeploymentRecord {
  const out: Partial<DeploymentRecord> = {};
  const where = describeRecord(draft);
  for (const field of REQUIRED) {
    const value = draft[field]?.trim();
    if (!value) throw new InvalidInputError(`${field} is required but empty (record ${where})`);
    out[field] = value;
  }
  for (const field of OPTIONAL) {
    const value = draft[field]?.trim();
    if (value) out[field] = value;
  }
  if (out.Url && !isHttpUrl(out.Url)) {
    throw new InvalidInputError(`Url "${out.Url}" is not an absolute http(s) URL (record ${where})`);
  }
  if (out.Date) out.Date = toUtcIso(out.Date, 'Date');
  return out as DeploymentRecord;
}
