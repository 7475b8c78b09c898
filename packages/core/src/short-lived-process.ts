import { setFlagsFromString } from 'node:v8';

/**
 * Every front end is one short process that parses a handful of HTTP responses with undici's parser (llhttp,
 * WebAssembly). V8 would still tier the parser's hot functions up to TurboFan, which costs such a process
 * about 60 ms and 35 MiB at its peak — more than the parsing itself (scripts/bench-action.mjs measures it).
 * Liftoff, V8's baseline WebAssembly compiler, is plenty for a few responses. Call this first thing in an
 * entry point: undici compiles its parser on the first connection, so the flag is in place by then.
 */
export function tuneForShortProcess(): void {
  setFlagsFromString('--liftoff-only');
}
