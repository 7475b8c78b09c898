import { Writable } from 'node:stream';

/** task-lib's output controls: where its `##vso` lines go, and how a value is masked in the agent's log. */
export interface TaskOutput {
  setStdStream(stream: NodeJS.WritableStream): void;
  setSecret(value: string): void;
  stdout: NodeJS.WritableStream;
}

const MASK = '***';

/**
 * Runs a task-lib read that involves secrets. task-lib echoes every value it reads in a debug line
 * (`apiKey=…`, `Agent.ProxyPassword=…`), which would reach the log before the task could register the value
 * with setSecret. So the read's output is held back, the secrets it returned are registered first, and the
 * held lines are then written with those secrets masked.
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
  const secrets = secretsOf(value).filter((s): s is string => Boolean(s));
  for (const secret of secrets) output.setSecret(secret);
  for (const text of held) {
    output.stdout.write(secrets.reduce((masked, secret) => masked.split(secret).join(MASK), text));
  }
  return value;
}
