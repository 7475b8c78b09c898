import { detectableCis, foldedLines } from '@proget-deploy/core';
import { exitCodesHelp } from './exit-codes.js';
import { RECORD_FLAGS } from './flags.js';
import { CLI_VERSION } from './version.js';

const EXIT_CODES = exitCodesHelp();

export function generalHelp(): string {
  const cis = detectableCis()
    .map((ci) => `${ci.name} (${ci.marker})`)
    .join(', ');
  return `proget-deploy ${CLI_VERSION}: record package deployments in Inedo ProGet from any CI or a terminal.

Usage:
  proget-deploy record --server URL --feed NAME --package SPEC [--target NAME] [options]
  proget-deploy download --server URL --feed NAME --package SPEC --target NAME [--download-to DIR] [options]
  proget-deploy record --server URL --sca-project NAME [--sca-build N] [--sca-stage NAME] [--sbom FILE]
  proget-deploy audit --server URL --sca-project NAME --sca-build N
  proget-deploy record --help      every option and its environment variable
  proget-deploy --help | --version

Commands:
  record    send one deployment record per package and target (packages x targets); with --sca-project,
            also promote the SCA build (ProGet 2024+) to its stage
  download  fetch each package from the feed with the X-ProGet-Deployment-* headers, which records the
            deployment in the same request (one target; --feed-type or pkg: specs; --download-to DIR)
  audit     ask ProGet for its verdict on an SCA build before deploying it: exit 3 when ProGet judges it
            noncompliant; records and promotes nothing
With --promote-to-feed FEED, record and download also promote each recorded version to FEED.

Set the API key in PROGET_API_KEY, not on the command line. Every option can also come from an
environment variable: a flag beats its variable, which beats what the detected CI says.

Detected CIs: ${cis}.

${EXIT_CODES}
`;
}

export function recordHelp(): string {
  const options = RECORD_FLAGS.map((spec) => {
    const flag = `--${spec.flag}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${flag}${spec.multiple ? ' (repeatable)' : ''}   env ${spec.env}\n${foldedLines(spec.help, '      ').join('\n')}`;
  });
  return `Usage: proget-deploy record --server URL --feed NAME --package SPEC [--target NAME] [options]
       proget-deploy download [the same options] (= record --mode download)
       proget-deploy audit [the same options] (= record --mode audit)

Records that each package was deployed to each target. Values not given come from the CI this runs in
(user, link, environment, description); at a terminal the application is "proget-deploy" and the user
your OS login.

Options (a flag beats its environment variable):
${options.join('\n')}
  -h, --help
      show this help

${EXIT_CODES}
`;
}
