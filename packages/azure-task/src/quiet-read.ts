import { Writable } from 'node:stream';
import { safeEcho } from './echo-lines.js';

/** task-lib's output controls: where its `##vso` lines go, and how a value is masked in the agent's log. */
export interface TaskOutput {
  setStdStream(stream: NodeJS.WritableStream): void;
  setSecret(value: string): void;
  stdout: NodeJS.WritableStream;
  /** Every secret registered through readQuietly so far: masked in every later held line too. */
  registered?: Set<string>;
}

/**
 * Runs a task-lib read that involves secrets. task-lib echoes every value it reads in a debug line
 * (`apiKey=…`, `Agent.ProxyPassword=…`), which would reach the log before the task could register the value
 * with setSecret. So the read's output is held back, the secrets it returned are registered first, and the
 * held lines are then written with those secrets (and every one registered before) masked, and with control
 * characters and CI commands in the echoed values made harmless (safeEcho): task-lib echoes input values raw.
 */
export function readQuietly<T>(
  output: TaskOutput,
  read: () => T,
  secretsOf: (value: T) => Array<string | undefined>,
): T {
  const held: string[] = [];
  output.setStdStream(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        held.push(String(chunk));
        done();
      },
    }),
  );
  let value: T;
  try {
    value = read();
  } finally {
    output.setStdStream(output.stdout);
  }
  const fresh = secretsOf(value).filter((s): s is string => Boolean(s));
  for (const secret of fresh) output.setSecret(secret);
  const registered = (output.registered ??= new Set());
  for (const secret of fresh) registered.add(secret);
  for (const text of held) output.stdout.write(safeEcho(text, [...registered]));
  return value;
}
