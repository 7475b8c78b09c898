import { send, unlimited, type Connection, type Gate } from './pipeline.js';
import { proGetUrl } from './url.js';

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

/** Keep the trailing slash: it is the documented path (https://docs.inedo.com/docs/proget/packages/package-deployment). */
export const DEPLOYMENT_API_PATH = 'api/package-deployment/';

/** `group/name@version → target`, how a record is named in messages and summaries. */
export function describeRecord(record: RecordDraft): string {
  // Also names drafts that failed validation, where a value may be blank or padded.
  const text = (value: string | undefined) => value?.trim() ?? '';
  const name = [text(record.GroupName), text(record.PackageName)].filter(Boolean).join('/');
  const version = text(record.Version);
  const target = text(record.Target);
  return `${name || '(no package)'}${version ? `@${version}` : ''}${target ? ` → ${target}` : ''}`;
}

/** The endpoint of the last server asked: the same URL for every record of a batch, made once. */
let endpoint: { server: string; url: URL } | undefined;

function deploymentUrl(server: string): URL {
  if (endpoint?.server !== server) endpoint = { server, url: proGetUrl(server, DEPLOYMENT_API_PATH) };
  return endpoint.url;
}

/**
 * Records one deployment: `POST /api/package-deployment/` with the record as JSON. Resolves when ProGet stored
 * it; throws the typed error when it did not. In a batch, each attempt passes the batch's gate.
 */
export async function postDeployment(
  connection: Connection,
  record: DeploymentRecord,
  gate: Gate = unlimited,
): Promise<{ attempts: number; status: number }> {
  const { value: status, attempts } = await send(
    connection,
    {
      method: 'POST',
      url: deploymentUrl(connection.server),
      headers: { 'content-type': 'application/json', accept: 'text/plain, */*' },
      body: JSON.stringify(record),
      label: describeRecord(record),
      async read(response) {
        await response.body.dump();
        return response.statusCode;
      },
    },
    gate,
  );
  return { attempts, status };
}
