// The PackageDeployment object as ProGet documents it, shared by the API and by download headers.

/** Required properties, in the documentation's order (messages name the first ones missing in this order). */
export const REQUIRED_PROPERTIES = [
  'Application',
  'Description',
  'Target',
  'FeedName',
  'PackageName',
  'Version',
] as const;

const OPTIONAL_PROPERTIES = ['GroupName', 'UserName', 'Url', 'Date'] as const;

export const ALL_PROPERTIES: readonly string[] = [...REQUIRED_PROPERTIES, ...OPTIONAL_PROPERTIES];

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Whether `value` is an ISO 8601 date or date-time (extended format, as .NET and JavaScript write it).
 * Stricter than Date.parse, which accepts many non-ISO forms and rolls 2024-02-30 over into March.
 */
export function isIso8601(value: string): boolean {
  const m = ISO_8601.exec(value);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 // allow a leap second
  );
}
