import { InvalidInputError } from './errors.js';
import { toUtcIso } from './iso-date.js';

/** ProGet's PackageDeployment object, property names exactly as the API documents them. */
export interface DeploymentRecord {
  Application: string;
  Description: string;
  Target: string;
  FeedName: string;
  PackageName: string;
  Version: string;
  GroupName?: string;
  UserName?: string;
  Url?: string;
  Date?: string;
}

export type RecordDraft = { [K in keyof DeploymentRecord]?: string | undefined };

const REQUIRED = ['Application', 'Description', 'Target', 'FeedName', 'PackageName', 'Version'] as const;
const OPTIONAL = ['GroupName', 'UserName', 'Url', 'Date'] as const;

/** `group/name@version → target`, how a record is named in messages and summaries. */
export function describeRecord(record: RecordDraft): string {
  // Also names drafts that failed validation, where a value may be blank or padded.
  const text = (value: string | undefined) => value?.trim() ?? '';
  const name = [text(record.GroupName), text(record.PackageName)].filter(Boolean).join('/');
  const version = text(record.Version);
  const target = text(record.Target);
  return `${name || '(no package)'}${version ? `@${version}` : ''}${target ? ` → ${target}` : ''}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

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
