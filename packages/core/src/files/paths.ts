import nodePath, { type PlatformPath } from 'node:path';

// A path means what the OS the step runs on says: on a Windows runner `out\sbom.json` is relative, `D:\cache`
// absolute and `\` a separator. Code that combines paths takes those rules as a parameter, defaulting to this
// OS's (node:path), so a test runs the very same code with path.win32 on any machine.

export type PathRules = PlatformPath;

/**
 * A path the user gave (download-to, an SBOM), from the working directory the step runs in: absolute stays
 * as it is, relative is taken from there.
 */
export function fromWorkingDirectory(
  workingDirectory: string,
  given: string,
  paths: PathRules = nodePath,
): string {
  return paths.resolve(workingDirectory, given);
}
