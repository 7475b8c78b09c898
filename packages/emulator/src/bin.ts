#!/usr/bin/env node
// `proget-emulator`: runs the emulator in its own process (for the demo, the benchmark, or by hand) until
// SIGINT/SIGTERM. Prints exactly one line on success, so scripts can read the URL from it.
import { parseBinArgs, USAGE } from './bin-args.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  let command;
  try {
    command = parseBinArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`proget-emulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const emulator = await startEmulator(command.options);
  process.stdout.write(`ProGet emulator listening on ${emulator.url}\n`);

  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`proget-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
