import { basename, dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { FileError, NetworkError } from '../errors.js';
import { CUT_TRANSFER_HINT } from '../proget/classify.js';

/** Where a download's body goes, and what a message about it needs. */
export interface FileTarget {
  destination: string;
  /** The server's host, for "cut short" messages. */
  host: string;
  /** The download-to input as the platform spells it, for the hint of a file that cannot be saved. */
  downloadToInput: string;
}

/**
 * This machine could not write the file (folder not writable, disk full, a path part that is a file…): a file
 * error, not the transfer's. It fails the same way every time, so it is not retried, and `on-error: warn` does
 * not forgive it. The GET already carried the X-ProGet-Deployment-* headers, so the message says ProGet may
 * have recorded the deployment although the file was not saved.
 */
function saveFailure(error: unknown, target: FileTarget, attempts: number): FileError {
  const code = (error as { code?: string })?.code ?? 'unknown error';
  // Node's file-system errors read "CODE: description, syscall 'path'": the description is kept.
  const description = /^[A-Z0-9]+: ([^,]+)/.exec((error as Error)?.message ?? '')?.[1];
  return new FileError(
    `cannot save ${basename(target.destination)} in ${dirname(target.destination)}: ${code}${description ? ` (${description})` : ''}`,
    {
      code,
      attempts,
      hint: `ProGet may have recorded the deployment; the file was not saved. Check ${target.downloadToInput}.`,
    },
  );
}

/** Written to disk in up to 1 MiB at a time: fewer, larger writes, and the socket is paused less often. */
const WRITE_BUFFER = 1024 * 1024;

/**
 * Streams a response body to its destination without ever holding the file in memory: into a temporary file
 * beside it, checked against Content-Length, then renamed into place. A transfer that breaks leaves nothing
 * behind, and a file at the destination is always whole. Resolves to the bytes written.
 */
export async function saveBody(
  response: Dispatcher.ResponseData,
  target: FileTarget,
  attempt: number,
): Promise<number> {
  // Loaded here rather than at start: a run that only records never needs them.
  const { mkdir, open, rename, rm } = process.getBuiltinModule('node:fs/promises');
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const { destination } = target;
  /** Runs a file-system step; its failure is this machine's, never the connection's. */
  const onDisk = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      throw saveFailure(error, target, attempt);
    }
  };
  await onDisk(() => mkdir(dirname(destination), { recursive: true }));
  const partial = `${destination}.${randomBytes(4).toString('hex')}.partial`;
  const header = response.headers['content-length'];
  const expected = header === undefined ? undefined : Number(Array.isArray(header) ? header[0] : header);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(null, chunk);
    },
  });
  // Opened here, before the transfer, rather than by createWriteStream in the background: the file exists
  // before anything can fail, and is closed before it is removed or renamed (the stream closes it when it
  // ends or breaks; close() waits for a write still under way and is a no-op on a closed handle), so no
  // open or write can land after the clean-up and leave a file behind.
  const file = await onDisk(() => open(partial, 'w'));
  const sink = file.createWriteStream({ highWaterMark: WRITE_BUFFER });
  // pipeline hands the first error on to every other stream, which then emits it too: whichever side fails
  // first is the cause. The file's stream failing before the body did is a write that failed (ENOSPC, EFBIG…).
  let bodyFailed = false;
  let writeFailure: unknown;
  counter.once('error', () => {
    bodyFailed = true;
  });
  sink.once('error', (error) => {
    if (!bodyFailed) writeFailure = error;
  });
  try {
    try {
      await pipeline(response.body, counter, sink);
    } catch (error) {
      throw writeFailure === undefined ? error : saveFailure(writeFailure, target, attempt);
    } finally {
      await onDisk(() => file.close());
    }
    if (expected !== undefined && received !== expected) {
      throw new NetworkError(
        `download of ${basename(destination)} from ${target.host} was cut short: ${received} of ${expected} bytes`,
        { attempts: attempt, hint: CUT_TRANSFER_HINT, reason: 'cut-short' },
      );
    }
    await onDisk(() => rename(partial, destination));
    return received;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
