import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let tuned = false;
let collectYoung: ((options: { type: 'minor' }) => void) | undefined;
let sinceCollection = 0;

/**
 * Every front end is one short process that parses a handful of HTTP responses with undici's parser (llhttp,
 * WebAssembly). V8 would still tier the parser's hot functions up to TurboFan, and the process waits for
 * that compile on exit: about 100 ms and 35 MiB at its peak — more than the parsing itself. Liftoff, V8's
 * baseline WebAssembly compiler, is plenty for a few responses. `--liftoff-only` alone, set at run time,
 * does not stop the tier-up (V8 decides it per module from the tiering flags), so those are turned off too
 * (scripts/bench-cold.mjs measures the difference). Call this first thing in an entry point: undici
 * compiles its parser on the first connection, so the flags are in place by then.
 */
export function tuneForShortProcess(): void {
  setFlagsFromString('--liftoff-only --no-wasm-tier-up --no-wasm-dynamic-tiering --expose-gc');
  tuned = true;
}

/** Bytes of socket buffers after which a download asks for a young-generation collection. */
const RELEASE_EVERY = 2 * 1024 * 1024;

/**
 * A download reads its socket in fresh 64 KiB buffers; once written to disk they are garbage, but V8 lets
 * them pile up (tens of MiB) before it collects. In a tuned short process, a young-generation collection
 * every few MiB (well under a millisecond each) keeps a 200 MiB download's peak near a 1 KiB one's
 * (scripts/bench-download.mjs). Elsewhere (tests, a library host) this does nothing.
 */
export function releaseSpentBuffers(bytes: number): void {
  if (!tuned) return;
  sinceCollection += bytes;
  if (sinceCollection < RELEASE_EVERY) return;
  sinceCollection = 0;
  // --expose-gc set at run time reaches contexts created after it: a new one hands over its gc().
  collectYoung ??= runInNewContext('gc') as (options: { type: 'minor' }) => void;
  collectYoung({ type: 'minor' });
}
