import type { FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
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
 * The body piped straight into the open file, each chunk counted as it passes (and reported to `received`);
 * resolves to the bytes written. pipeline hands the first error on to the other stream, so whichever fails
 * first is the cause: the file's stream failing before the body did is a write that failed (ENOSPC, EFBIG…).
 * The file is closed either way (close() waits for a write under way), before anyone removes or renames it.
 */
async function streamToFile(
  body: Dispatcher.ResponseData['body'],
  file: FileHandle,
  received: (bytes: number) => void,
  fail: (error: unknown) => FileError,
): Promise<number> {
  let bytes = 0;
  let writeFailure: unknown;
  const sink = file.createWriteStream({ highWaterMark: WRITE_BUFFER });
  // The body may have broken already (before the file was open): then the file's error is only its echo.
  sink.once('error', (error) => {
    if (!body.errored) writeFailure = error;
  });
  const done = pipeline(body, sink);
  // Listening beside the pipe it set up: no extra stream stage, no copy, every chunk seen once.
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    received(chunk.length);
  });
  try {
    await done;
  } catch (error) {
    throw writeFailure === undefined ? error : fail(writeFailure);
  } finally {
    await file.close().catch((error: unknown) => Promise.reject(fail(error)));
  }
  return bytes;
}

/**
 * Streams a response body to its destination without ever holding the file in memory: into a temporary file
 * beside it, checked against Content-Length, then renamed into place. A transfer that breaks leaves nothing
 * behind, and a file at the destination is always whole. Resolves to the bytes written.
 */
export async function saveBody(
  response: Dispatcher.ResponseData,
  target: FileTarget,
  attempt: number,
  received: (bytes: number) => void = () => {},
): Promise<number> {
  // Loaded here rather than at start: a run that only records never needs them.
  const { mkdir, open, rename, rm } = process.getBuiltinModule('node:fs/promises');
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const fail = (error: unknown) => saveFailure(error, target, attempt);
  /** A file-system step: its failure is this machine's, never the connection's. */
  const onDisk = <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: unknown) => Promise.reject(fail(error)));
  const { destination } = target;
  await onDisk(mkdir(dirname(destination), { recursive: true }));
  const partial = `${destination}.${randomBytes(4).toString('hex')}.partial`;
  const file = await onDisk(open(partial, 'w'));
  try {
    const bytes = await streamToFile(response.body, file, received, fail);
    const length = response.headers['content-length'];
    const expected = length === undefined ? bytes : Number(Array.isArray(length) ? length[0] : length);
    if (bytes !== expected) {
      throw new NetworkError(
        `download of ${basename(destination)} from ${target.host} was cut short: ${bytes} of ${expected} bytes`,
        { attempts: attempt, hint: CUT_TRANSFER_HINT, reason: 'cut-short' },
      );
    }
    await onDisk(rename(partial, destination));
    return bytes;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
