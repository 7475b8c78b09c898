/**
 * What each setting is called where the user types it. Messages and hints name the input the user can
 * actually change (`api-key` in a workflow, `apiKey` in a pipeline, `--api-key` at a terminal).
 */
export interface InputNames {
  server: string;
  apiKey: string;
  authMethod: string;
  feed: string;
  package: string;
  version: string;
  group: string;
  target: string;
  application: string;
  description: string;
  user: string;
  url: string;
  date: string;
  onError: string;
  dryRun: string;
  timeout: string;
  retries: string;
  concurrency: string;
  caCert: string;
  insecure: string;
  mode: string;
  feedType: string;
  downloadTo: string;
  downloadUrl: string;
  scaProject: string;
  scaBuild: string;
  scaStage: string;
  sbom: string;
}

export const GITHUB_INPUT_NAMES: InputNames = {
  server: 'server',
  apiKey: 'api-key',
  authMethod: 'auth-method',
  feed: 'feed',
  package: 'package',
  version: 'version',
  group: 'group',
  target: 'target',
  application: 'application',
  description: 'description',
  user: 'user',
  url: 'url',
  date: 'date',
  onError: 'on-error',
  dryRun: 'dry-run',
  timeout: 'timeout',
  retries: 'retries',
  concurrency: 'concurrency',
  caCert: 'ca-cert',
  insecure: 'insecure',
  mode: 'mode',
  feedType: 'feed-type',
  downloadTo: 'download-to',
  downloadUrl: 'download-url',
  scaProject: 'sca-project',
  scaBuild: 'sca-build',
  scaStage: 'sca-stage',
  sbom: 'sbom',
};

/** Azure task inputs are camelCase and named after what they mean; only the user is `userName`. */
export const AZURE_INPUT_NAMES: InputNames = {
  ...(Object.fromEntries(
    Object.keys(GITHUB_INPUT_NAMES).map((meaning) => [meaning, meaning]),
  ) as unknown as InputNames),
  user: 'userName',
};

/** CLI flags are the GitHub input names with `--`. */
export const CLI_INPUT_NAMES: InputNames = Object.fromEntries(
  Object.entries(GITHUB_INPUT_NAMES).map(([meaning, name]) => [meaning, `--${name}`]),
) as unknown as InputNames;
