import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InvalidInputError } from '../errors.js';

/**
 * Every file a user names (an SBOM, a list of package specs, a CA certificate) is read through here, so that
 * a wrong path is one line naming the input and never a hung step or gigabytes of memory:
 *
 * - only a regular file (or a symbolic link to one) is read: a directory, a named pipe, a socket or a device
 *   is refused before a byte is read, and opening never blocks (O_NONBLOCK: a FIFO with no writer would
 *   otherwise wait forever in open());
 * - the byte cap is enforced while reading, not only from the size the file reports: a file can grow, and
 *   /proc files report 0;
 * - text is UTF-8 (with or without a byte order mark) or UTF-16 with one; anything else is refused with
 *   where it stops being text, never silently replaced by U+FFFD.
 */
export interface ReadLimits {
  /** The input as the user set it (`sbom`, `--package-file`, `ca-cert`): every message starts with it. */
  input: string;
  /** Refused beyond this many bytes. */
  maxBytes: number;
  /** The path as the user gave it, for messages; default: the path read. */
  shownPath?: string;
}

export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

export interface DecodedText {
  /** The text, without its byte order mark. */
  text: string;
  /** What the bytes were: a caller that writes the text out again (as UTF-8) may have to say so. */
  encoding: TextEncodingName;
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** The first read's size when the file reports none (/proc); later reads double it, up to the cap. */
const FIRST_CHUNK = 64 * 1024;

// O_NONBLOCK and O_NOCTTY do not exist on Windows, which has no FIFOs or terminals to open by path.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function named(path: string, limits: Pick<ReadLimits, 'input' | 'shownPath'>): string {
  return `${limits.input} "${limits.shownPath ?? path}"`;
}

/** 64 MiB, 1 MiB, 512 KiB, 1000 bytes: the cap as a user would write it. */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

function tooLarge(path: string, limits: ReadLimits): InvalidInputError {
  return new InvalidInputError(
    `${named(path, limits)} is larger than ${size(limits.maxBytes)}, the limit for this input`,
  );
}

function cannotRead(path: string, limits: ReadLimits, error: unknown): InvalidInputError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'EISDIR') return notAFile(path, limits, 'a directory');
  const why = READ_FAILURES[code] ?? (code || (error as Error).message);
  // A relative path is resolved against a directory the user may not have in mind: say which file it was.
  const where =
    code === 'ENOENT' && limits.shownPath && limits.shownPath !== path ? ` (looked at ${path})` : '';
  return new InvalidInputError(`${named(path, limits)} cannot be read: ${why}${where}`);
}

function notAFile(path: string, limits: ReadLimits, kind: string): InvalidInputError {
  return new InvalidInputError(`${named(path, limits)} is not a regular file (${kind})`);
}

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a file';
}

/**
 * The file's bytes, at most `maxBytes` of them. Symbolic links are followed; what they lead to must be a
 * regular file. Every problem is one InvalidInputError naming the input and the path as given.
 */
export function readBoundedFile(path: string, limits: ReadLimits): Buffer {
  let fd: number;
  try {
    // Looked at first so that a device is never even opened (opening some has side effects, and a socket
    // cannot be opened at all); fstat below, on what was actually opened, is what decides.
    const before = kindOf(statSync(path));
    if (before) throw notAFile(path, limits, before);
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw cannotRead(path, limits, error);
  }
  try {
    const stats = fstatSync(fd);
    const kind = kindOf(stats);
    if (kind) throw notAFile(path, limits, kind);
    if (stats.size > limits.maxBytes) throw tooLarge(path, limits);
    // One byte more than the cap is room to notice a file larger than it (or one that grew since fstat).
    let buffer = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, Math.max(stats.size + 1, FIRST_CHUNK)));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > limits.maxBytes) throw tooLarge(path, limits);
        const larger = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw cannotRead(path, limits, error);
  } finally {
    closeSync(fd);
  }
}

/** The file as text (see decodeText), at most `maxBytes` bytes of it, without its byte order mark. */
export function readTextFile(path: string, limits: ReadLimits): string {
  return decodeText(readBoundedFile(path, limits), { ...limits, shownPath: limits.shownPath ?? path }).text;
}

/**
 * A stream (standard input) to its end as text, refused as soon as it passes `maxBytes`: the cap is counted
 * chunk by chunk, so `yes | …` stops at the cap rather than at the end of memory.
 */
export async function readTextStream(
  stream: AsyncIterable<Buffer | string>,
  limits: ReadLimits,
): Promise<string> {
  const shown = limits.shownPath ?? '-';
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early (the throw) ends the iteration, which destroys a Readable: nothing more is read.
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > limits.maxBytes) throw tooLarge(shown, limits);
    chunks.push(bytes);
  }
  return decodeText(Buffer.concat(chunks, total), { ...limits, shownPath: shown }).text;
}

/** Where UTF-8 stops being valid (the first byte of the bad sequence), by Unicode's table 3-7; -1: never. */
function invalidUtf8At(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let more: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) more = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // a surrogate
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

/** Where UTF-16 (little-endian code units from `from`) has an unpaired surrogate or a lone last byte. */
function invalidUtf16At(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i += 2) {
    if (i + 1 >= bytes.length) return i;
    const unit = bytes[i]! | (bytes[i + 1]! << 8);
    if (unit >= 0xdc00 && unit <= 0xdfff) return i;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 3 < bytes.length ? bytes[i + 2]! | (bytes[i + 3]! << 8) : -1;
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/**
 * Bytes as text: UTF-8, with or without a byte order mark, or UTF-16 (either byte order) with one. Anything
 * else is refused, naming the byte where it stops being valid (counted from 0, from the start of the file).
 */
export function decodeText(bytes: Uint8Array, where: { input: string; shownPath: string }): DecodedText {
  const refuse = (why: string) => new InvalidInputError(`${where.input} "${where.shownPath}" ${why}`);
  const [b0, b1, b2, b3] = bytes;
  if (
    (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
    (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
  )
    throw refuse('is UTF-32, which is not read here: save it as UTF-8');
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const bigEndian = b0 === 0xfe;
    // Swapped into little-endian, which every Node build decodes (UTF-16BE needs full ICU).
    const little = bigEndian && bytes.length % 2 === 0 ? Buffer.from(bytes).swap16() : bytes;
    const bad = little.length % 2 === 1 ? little.length - 1 : -1;
    try {
      if (bad >= 0) throw new Error('odd length');
      return { text: utf16.decode(little.subarray(2)), encoding: bigEndian ? 'UTF-16BE' : 'UTF-16LE' };
    } catch {
      throw refuse(`is not valid UTF-16 (byte ${bad >= 0 ? bad : invalidUtf16At(little, 2)})`);
    }
  }
  // Text in the inputs read here never holds a NUL, so a zero byte beside a non-zero one at the start is
  // UTF-16 that lost (or never had) its byte order mark, which is all the decoder would need.
  if (bytes.length >= 2 && (b0 === 0) !== (b1 === 0))
    throw refuse('is UTF-16 without a byte order mark: save it as UTF-8, or as UTF-16 with the mark');
  const start = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  try {
    return { text: utf8.decode(bytes.subarray(start)), encoding: 'UTF-8' };
  } catch {
    throw refuse(`is not valid UTF-8 (byte ${invalidUtf8At(bytes, start)})`);
  }
}
