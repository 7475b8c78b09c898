// Deterministic package content. Downloads must be checkable (tests compare a SHA-256) and must scale to
// hundreds of megabytes without holding them in memory, so content is a short block derived from the
// package's identity, repeated. Only one 64 KiB chunk per package ever exists in memory.
import { createHash } from 'node:crypto';
import type { EmulatorPackage } from './types.js';

/** Bytes served for a package that does not give a size. */
export const DEFAULT_PACKAGE_SIZE = 1024;

/** The pattern repeats every BLOCK_SIZE bytes: 128 SHA-256 digests of "<identity>:<i>". */
const BLOCK_SIZE = 4096;
/** Chunks written to the socket; a multiple of BLOCK_SIZE, so every chunk starts at the pattern's start. */
const CHUNK_SIZE = 16 * BLOCK_SIZE;
/** expectedContent() refuses sizes above this: larger content should be checked with contentSha256(). */
const MAX_EXPECTED_CONTENT = 64 * 1024 * 1024;

/** "group/name@version", or "name@version" without a group: the seed of a package's bytes. */
function packageIdentity(pkg: Pick<EmulatorPackage, 'group' | 'name' | 'version'>): string {
  return `${pkg.group ? `${pkg.group}/` : ''}${pkg.name}@${pkg.version}`;
}

export function packageSize(pkg: Pick<EmulatorPackage, 'size'>): number {
  return pkg.size ?? DEFAULT_PACKAGE_SIZE;
}

/** One CHUNK_SIZE buffer of the package's repeating pattern. */
function patternChunk(pkg: Pick<EmulatorPackage, 'group' | 'name' | 'version'>): Buffer {
  const identity = packageIdentity(pkg);
  const block = Buffer.alloc(BLOCK_SIZE);
  for (let i = 0; i < BLOCK_SIZE / 32; i++) {
    createHash('sha256')
      .update(`${identity}:${i}`)
      .digest()
      .copy(block, i * 32);
  }
  const chunk = Buffer.alloc(CHUNK_SIZE);
  for (let offset = 0; offset < CHUNK_SIZE; offset += BLOCK_SIZE) block.copy(chunk, offset);
  return chunk;
}

/** Yields the package's first `length` bytes (default: its whole size) as views of one shared chunk. */
export function* contentChunks(pkg: EmulatorPackage, length = packageSize(pkg)): Generator<Buffer> {
  const chunk = patternChunk(pkg);
  for (let sent = 0; sent < length; sent += CHUNK_SIZE) {
    yield chunk.subarray(0, Math.min(CHUNK_SIZE, length - sent));
  }
}

/** The exact bytes a download of `pkg` serves. For small packages only (at most 64 MiB). */
export function expectedContent(pkg: EmulatorPackage): Buffer {
  const size = packageSize(pkg);
  if (size > MAX_EXPECTED_CONTENT) {
    throw new RangeError(`expectedContent() is for small packages; use contentSha256() for ${size} bytes`);
  }
  return Buffer.concat([...contentChunks(pkg)], size);
}

/** Hex SHA-256 of the bytes a download of `pkg` serves, computed without buffering them. */
export function contentSha256(pkg: EmulatorPackage): string {
  const hash = createHash('sha256');
  for (const chunk of contentChunks(pkg)) hash.update(chunk);
  return hash.digest('hex');
}
