import type { Dispatcher } from 'undici';
import type { KeyPlacement } from './auth.js';
import { send, unlimited, type Connection, type Gate } from './pipeline.js';

/**
 * A package file from a feed, with the `X-ProGet-Deployment-*` headers that make ProGet record the deployment
 * in the same request ("Custom Records", https://docs.inedo.com/docs/proget/packages/package-deployment). The
 * body is handed to `save` as it arrives; the deadline is a stall deadline, since a large package may take
 * longer than the timeout in total but never stalls that long.
 */
export async function downloadPackageFile<T>(
  connection: Connection,
  file: {
    url: URL;
    deploymentHeaders: Record<string, string>;
    keyPlacement: KeyPlacement;
    /**
     * Saves the body, calling `received` with each chunk's size (the stall deadline); throws typed errors (a cut
     * transfer, a file that cannot be written).
     */
    save: (
      response: Dispatcher.ResponseData,
      attempt: number,
      received: (bytes: number) => void,
    ) => Promise<T>;
  },
  gate: Gate = unlimited,
): Promise<{ value: T; attempts: number }> {
  return send(
    connection,
    {
      method: 'GET',
      url: file.url,
      headers: file.deploymentHeaders,
      shown: JSON.stringify(file.deploymentHeaders),
      label: `GET ${file.url.pathname}`,
      keyPlacement: file.keyPlacement,
      deadline: 'stall',
      read: file.save,
    },
    gate,
  );
}
