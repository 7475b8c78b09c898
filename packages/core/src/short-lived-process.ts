import { setFlagsFromString } from 'node:v8';

/**
 * Every front end is one short process that parses a handful of HTTP responses with undici's parser (llhttp,
 * WebAssembly). V8 would still tier the parser's hot functions up to TurboFan, and the process waits for
 * that compile on exit: about 100 ms and 35 MiB at its peak — more than the parsing itself. Liftoff, V8's
 * baseline WebAssembly compiler, is plenty for a few responses. `--liftoff-only` alone, set at run time,
 * does not stop the tier-up (V8 decides it per module from the tiering flags), so those are turned off too
 * (scripts/bench-action.mjs measures the difference). Call this first thing in an entry point: undici
 * compiles its parser on the first connection, so the flags are in place by then.
 */
export function tuneForShortProcess(): void {
  setFlagsFromString('--liftoff-only --no-wasm-tier-up --no-wasm-dynamic-tiering');
}
