// POST /api/package-deployment/ — ProGet's Package Deployment API
// (https://docs.inedo.com/docs/proget/packages/package-deployment). Property names match whatever their
// casing and unknown properties are ignored, as ASP.NET model binding does (ProGet is an ASP.NET
// application and no document says otherwise); ignored names are kept on the stored deployment so tests
// can still catch a client's typo. Values must be strings and dates ISO 8601, or the answer is a 400 whose
// text says what is wrong.
import { displayName } from './catalog.js';
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendText } from './exchange.js';
import type { Exchange, HandlerContext } from './exchange.js';
import type { BodyKey } from './auth.js';
import { ALL_PROPERTIES, REQUIRED_PROPERTIES, isIso8601 } from './record.js';
import type { DeploymentRecord } from './types.js';

/** Both spellings reach the API: ProGet documents the trailing slash, clients often omit it. */
export function isDeploymentApiPath(pathname: string): boolean {
  return pathname === '/api/package-deployment/' || pathname === '/api/package-deployment';
}

const MAX_BODY = 1024 * 1024;

export async function handleDeploymentApi(ex: Exchange, ctx: HandlerContext): Promise<void> {
  if (ex.req.method !== 'POST') return methodNotAllowed(ex, ['POST']);

  let body: Buffer;
  try {
    body = await readBody(ex.req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(ex, 413, error.message, { connection: 'close' });
    throw error;
  }

  const contentType = ex.req.headers['content-type'];
  const parsed = parseBody(contentType, body);
  // The key may be in the body, so the body is read first; a request that is refused learns nothing about
  // what was wrong with its body.
  const auth = ctx.authenticate(ex, undefined, typeof parsed === 'string' ? undefined : parsed.key);
  if (auth === undefined) return;
  if (typeof parsed === 'string') return sendText(ex, 400, parsed);
  const problem = validate(parsed.properties);
  if (problem) return sendText(ex, 400, problem);

  const received = parsed.properties as Partial<DeploymentRecord> &
    Pick<DeploymentRecord, (typeof REQUIRED_PROPERTIES)[number]>;
  const lookup = ctx.catalog.lookup(received.FeedName, undefined, {
    group: received.GroupName,
    name: received.PackageName,
    version: received.Version,
  });
  if (lookup.kind === 'no-feed') return sendText(ex, 404, 'Feed name cannot be found');
  if (lookup.kind === 'no-package') {
    const name = displayName({ group: received.GroupName, name: received.PackageName });
    return sendText(
      ex,
      400,
      `Package "${name}" version "${received.Version}" was not found in feed "${received.FeedName}".`,
    );
  }

  // Stored as received, in the order received; only an absent Date is filled in, as ProGet does.
  const record: DeploymentRecord = { ...received, Date: received.Date ?? new Date().toISOString() };
  ctx.deployments.push({
    source: 'api',
    auth,
    record,
    ...(parsed.ignored.length > 0 && { ignoredProperties: parsed.ignored }),
    ...(contentType !== undefined && { contentType }),
    receivedAt: new Date().toISOString(),
  });
  sendEmpty(ex, 200);
}

/** A body read into ProGet's property names, the key it carried, and the names ProGet would ignore. */
interface ParsedBody {
  properties: Record<string, string>;
  key?: BodyKey;
  ignored: string[];
}

/** The documented name a sent name binds to, whatever its casing. */
const CANONICAL = new Map(ALL_PROPERTIES.map((name) => [name.toLowerCase(), name]));

/** The body's properties, or the text of a 400 explaining why they cannot be read. */
function parseBody(contentType: string | undefined, body: Buffer): ParsedBody | string {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');

  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `The request body is not valid JSON: ${(error as Error).message}`;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return 'The request body must be a JSON object (a PackageDeployment).';
    }
    // The key goes in the root object's API_Key property (https://docs.inedo.com/docs/proget/api/http-requests).
    return bind(Object.entries(value), 'json', 'api_key');
  }

  if (mediaType === 'application/x-www-form-urlencoded') {
    const seen = new Set<string>();
    const entries = [...new URLSearchParams(text)];
    for (const [name] of entries) {
      if (seen.has(name)) return `Property "${name}" is given more than once.`;
      seen.add(name);
    }
    // The key goes in the `key` form value (https://docs.inedo.com/docs/proget/api/http-requests).
    return bind(entries, 'form', 'key');
  }

  return `Unsupported Content-Type "${contentType ?? ''}": send application/json or application/x-www-form-urlencoded.`;
}

/**
 * Binds sent names to ProGet's, case-insensitively; a later duplicate (`Version` then `version`) wins, as
 * in .NET's case-insensitive JSON binding. Unknown names are set aside, whatever their value.
 */
function bind(entries: [string, unknown][], place: BodyKey['place'], keyName: string): ParsedBody | string {
  const parsed: ParsedBody = { properties: {}, ignored: [] };
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    const canonical = CANONICAL.get(lower);
    if (!canonical && lower !== keyName) {
      parsed.ignored.push(name);
      continue;
    }
    // null binds to "not given" (every optional property is nullable); a number or an object where the
    // documented type is string is a client bug worth naming.
    if (value === null) continue;
    if (typeof value !== 'string') return `Property "${name}" must be a string.`;
    if (canonical) parsed.properties[canonical] = value;
    else parsed.key = { place, key: value };
  }
  return parsed;
}

/** The text of a 400 for the first problem found, or undefined when the record is valid. */
function validate(properties: Record<string, string>): string | undefined {
  const missing = REQUIRED_PROPERTIES.filter((name) => (properties[name] ?? '').trim() === '');
  if (missing.length === 1) return `Missing required property "${missing[0]}".`;
  if (missing.length > 1) return `Missing required properties ${missing.map((n) => `"${n}"`).join(', ')}.`;

  const date = properties.Date;
  if (date !== undefined && !isIso8601(date)) {
    return `Property "Date" is not an ISO 8601 date: "${date}".`;
  }
  return undefined;
}
