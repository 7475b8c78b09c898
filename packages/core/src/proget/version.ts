/**
 * ProGet names its version in an X-ProGet-Version header, as four numbers (`23.0.22.6`:
 * https://docs.inedo.com/docs/proget/api/assets/files/download). Since ProGet 2022 the first is the year:
 * pgutil prints such a version as 20{major}.{build} (Inedo/pgutil, ProGetClient.cs), so 25.0.10.5 is
 * "2025.10", the name Inedo's release notes use. Older versions (5.3.40.2) are shown as their first three
 * numbers. Anything else is not shown: a header is no place to take free text from into a message.
 */
export function proGetVersionName(header: string | undefined): string | undefined {
  const match = /^\s*(\d{1,4})\.(\d{1,4})\.(\d{1,6})(?:\.\d{1,6})?\s*$/.exec(header ?? '');
  if (!match) return undefined;
  const [, major, minor, build] = match;
  return Number(major) >= 22 && Number(major) <= 99
    ? `20${Number(major)}.${Number(build)}`
    : `${major}.${minor}.${build}`;
}
