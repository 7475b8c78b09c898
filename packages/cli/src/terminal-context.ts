import type { ContextDefaults } from '@proget-deploy/core';

/** What the machine says about whoever runs the CLI outside any CI. */
export interface Machine {
  /** The OS login, or undefined when the OS has none for this process (some containers). */
  username(): string | undefined;
  hostname(): string;
}

/**
 * Outside a CI there is no run to link to and no environment to deploy to; the record names the tool and
 * this machine, and the user defaults to the OS login (the output says so, since it is only a guess).
 */
export function terminalContext(machine: Machine): ContextDefaults {
  return {
    application: 'proget-deploy',
    description: `Deployed with proget-deploy from a terminal on ${machine.hostname()}`,
    user: machine.username(),
  };
}
