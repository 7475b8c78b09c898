// POST /api/package-deployment/ — ProGet's Package Deployment API. Validation is deliberately strict
// (case-sensitive names, unknown properties rejected, ISO dates) so that client bugs which ProGet might
// silently drop show up in tests as a 400 whose text says what is wrong.
import { displayName } from './catalog.js';
import { BodyTooLargeError, methodNotAllowed, readBody, sendEmpty, sendText } from './exchange.js';
import type { Exchange, HandlerContext } from './exchange.js';
import { ALL_PROPERTIES, REQUIRED_PROPERTIES, isIso8601 } from './record.js';
import type { DeploymentRecord } from './types.js';

/** Both spellings reach the API: ProGet documents the trailing slash, clients often omit it. */
export function isDeploymentApiPath(pathname: string): boolean {
  return pathname === '/api/package-deployment/' || pathname === '/api/package-deployment';
}

const MAX_BODY = 1024 * 1024;

export async function handleDeploymentApi(ex: Exchange, ctx: HandlerContext): Promise<void> {
  if (ex.req.method !== 'POST') return methodNotAllowed(ex, ['POST']);
  const auth = ctx.authenticate(ex);
  if (auth === undefined) return;

  let body: Buffer;
  try {
    body = await readBody(ex.req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(ex, 413, error.message, { connection: 'close' });
    throw error;
  }

  const contentType = ex.req.headers['content-type'];
  const parsed = parseProperties(contentType, body);
  if (typeof parsed === 'string') return sendText(ex, 400, parsed);
  const problem = validate(parsed);
  if (problem) return sendText(ex, 400, problem);

  const received = parsed as Partial<DeploymentRecord> &
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

  // Stored exactly as received, in the order received; only an absent Date is filled in, as ProGet does.
  const record: DeploymentRecord = { ...received, Date: received.Date ?? new Date().toISOString() };
  ctx.deployments.push({
    source: 'api',
    auth,
    record,
    ...(contentType !== undefined && { contentType }),
    receivedAt: new Date().toISOString(),
  });
  sendEmpty(ex, 200);
}

/** The body's properties as strings, or the text of a 400 explaining why they cannot be read. */
function parseProperties(contentType: string | undefined, body: Buffer): Record<string, string> | string {
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
    const properties: Record<string, string> = {};
    for (const [name, v] of Object.entries(value)) {
      // The documented type of every property is string; a number or null is a client bug worth naming.
      if (typeof v !== 'string') return `Property "${name}" must be a string.`;
      properties[name] = v;
    }
    return properties;
  }

  if (mediaType === 'application/x-www-form-urlencoded') {
    const properties: Record<string, string> = {};
    for (const [name, v] of new URLSearchParams(text)) {
      if (Object.hasOwn(properties, name)) return `Property "${name}" is given more than once.`;
      properties[name] = v;
    }
    return properties;
  }

  return `Unsupported Content-Type "${contentType ?? ''}": send application/json or application/x-www-form-urlencoded.`;
}

/** The text of a 400 for the first problem found, or undefined when the record is valid. */
function validate(properties: Record<string, string>): string | undefined {
  const unknown = Object.keys(properties).filter((name) => !ALL_PROPERTIES.includes(name));
  if (unknown.length > 0) {
    const described = unknown.map((name) => {
      const intended = ALL_PROPERTIES.find((known) => known.toLowerCase() === name.toLowerCase());
      return intended ? `"${name}" (did you mean "${intended}"? names are case-sensitive)` : `"${name}"`;
    });
    return `Unknown ${unknown.length === 1 ? 'property' : 'properties'} ${described.join(', ')}.`;
  }

  const missing = REQUIRED_PROPERTIES.filter((name) => (properties[name] ?? '').trim() === '');
  if (missing.length === 1) return `Missing required property "${missing[0]}".`;
  if (missing.length > 1) return `Missing required properties ${missing.map((n) => `"${n}"`).join(', ')}.`;

  const date = properties.Date;
  if (date !== undefined && !isIso8601(date)) {
    return `Property "Date" is not an ISO 8601 date: "${date}".`;
  }
  return undefined;
}
