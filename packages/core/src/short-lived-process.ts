import { setFlagsFromString } from 'node:v8';

let tuned = false;
let collectGarbage: Collect | undefined;

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

type Collect = (options?: { type: 'minor' | 'major' }) => void;

function collect(type: 'minor' | 'major'): void {
  // --expose-gc set at run time reaches contexts created after it: a new one hands over its gc().
  collectGarbage ??= process.getBuiltinModule('node:vm').runInNewContext('gc') as Collect;
  // gc() with no options is a full collection; { type: 'minor' } the young generation only.
  if (type === 'major') collectGarbage();
  else collectGarbage({ type });
}

/** Bytes of socket buffers after which a download asks for a young-generation collection. */
const BYTES_PER_COLLECTION = 2 * 1024 * 1024;
let bytesSince = 0;

/**
 * A download reads its socket in fresh 64 KiB buffers; once written to disk they are garbage, but V8 lets
 * them pile up (tens of MiB) before it collects. In a tuned short process, a young-generation collection
 * every 2 MiB (well under a millisecond each) keeps a 200 MiB download's peak near a 1 KiB one's
 * (scripts/bench-download.mjs). Elsewhere (tests, a library host) this does nothing.
 */
export function releaseSpentBuffers(bytes: number): void {
  if (!tuned) return;
  bytesSince += bytes;
  if (bytesSince < BYTES_PER_COLLECTION) return;
  bytesSince = 0;
  collect('minor');
}

let records = 0;

/**
 * Each record of a batch leaves a kilobyte or two of garbage (request, headers, promises) that outlives a
 * young-generation collection while its request is in flight. V8 sizes the heap to that allocation rate, so
 * 100,000 records would peak at twice the memory of 100 although nothing is kept. In a tuned short process,
 * a young collection every 100 records and a full one every 500 (a few milliseconds each on this small
 * heap) keep the peak flat (scripts/bench-batch.mjs). Elsewhere this does nothing.
 */
export function releaseFinishedRecord(): void {
  if (!tuned) return;
  records += 1;
  if (records % 500 === 0) collect('major');
  else if (records % 100 === 0) collect('minor');
}
