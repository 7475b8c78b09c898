import type { RawInputs } from '@proget-deploy/core';

/** One option of `proget-deploy record`: its flag, the environment variable behind it, and its help line. */
export interface FlagSpec {
  flag: string;
  /** The core input it fills; absent for options about the CLI itself (--json, --verbose, the list files). */
  input?: keyof RawInputs;
  env: string;
  kind: 'string' | 'boolean';
  /** Repeatable: every occurrence is one line of the input (packages, targets, CA files). */
  multiple?: boolean;
  /** Placeholder shown in the help. */
  value?: string;
  help: string;
}

/**
 * Every record option. The environment variable is PROGET_ plus the flag name, except for --user and --url:
 * PROGET_USER and PROGET_URL are what many setups already call the ProGet login and the server address, and
 * reading them as the deployment's user and link would silently record the wrong thing.
 */
export const RECORD_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'server',
    input: 'server',
    env: 'PROGET_SERVER',
    kind: 'string',
    value: 'URL',
    help: "ProGet's root URL, e.g. https://proget.example.com (required)",
  },
  {
    flag: 'api-key',
    input: 'apiKey',
    env: 'PROGET_API_KEY',
    kind: 'string',
    value: 'KEY',
    help: 'API key with Feeds_DownloadPackage on the feed; set the env var rather than the flag',
  },
  {
    flag: 'auth-method',
    input: 'authMethod',
    env: 'PROGET_AUTH_METHOD',
    kind: 'string',
    value: 'header|basic',
    help: 'send the key as the X-ApiKey header (default) or as basic auth api:KEY',
  },
  {
    flag: 'feed',
    input: 'feed',
    env: 'PROGET_FEED',
    kind: 'string',
    value: 'NAME',
    help: 'the feed that holds the package (required)',
  },
  {
    flag: 'package',
    input: 'package',
    env: 'PROGET_PACKAGE',
    kind: 'string',
    multiple: true,
    value: 'SPEC',
    help: 'name@version, group/name@version, @scope/name@version, groupId:artifactId@version or pkg:type/ns/name@version; repeat for more (env: one per line) (required)',
  },
  {
    flag: 'package-file',
    env: 'PROGET_PACKAGE_FILE',
    kind: 'string',
    value: 'PATH|-',
    help: 'more package specs, one per line, from a file or - for standard input (blank lines and # comments skipped); adds to --package',
  },
  {
    flag: 'version',
    input: 'version',
    env: 'PROGET_VERSION',
    kind: 'string',
    value: 'VERSION',
    help: 'version for package specs without @version',
  },
  {
    flag: 'group',
    input: 'group',
    env: 'PROGET_GROUP',
    kind: 'string',
    value: 'GROUP',
    help: 'group for package specs without one',
  },
  {
    flag: 'target',
    input: 'target',
    env: 'PROGET_TARGET',
    kind: 'string',
    multiple: true,
    value: 'NAME',
    help: "where it was deployed; repeat for more (env: one per line); default: the CI's environment",
  },
  {
    flag: 'target-file',
    env: 'PROGET_TARGET_FILE',
    kind: 'string',
    value: 'PATH|-',
    help: 'more targets, one per line, from a file or - for standard input (blank lines and # comments skipped); adds to --target',
  },
  {
    flag: 'application',
    input: 'application',
    env: 'PROGET_APPLICATION',
    kind: 'string',
    value: 'NAME',
    help: 'the deploying tool; default: the CI\'s name, or "proget-deploy" at a terminal',
  },
  {
    flag: 'description',
    input: 'description',
    env: 'PROGET_DESCRIPTION',
    kind: 'string',
    value: 'TEXT',
    help: 'default: names the CI job, run and commit',
  },
  {
    flag: 'user',
    input: 'user',
    env: 'PROGET_DEPLOYMENT_USER',
    kind: 'string',
    value: 'NAME',
    help: "who deployed; default: the CI's user, or your OS login at a terminal",
  },
  {
    flag: 'url',
    input: 'url',
    env: 'PROGET_DEPLOYMENT_URL',
    kind: 'string',
    value: 'URL',
    help: "link to the deployment; default: the CI job's page",
  },
  {
    flag: 'date',
    input: 'date',
    env: 'PROGET_DATE',
    kind: 'string',
    value: 'ISO8601',
    help: 'when it was deployed; default: now (one instant for the whole run)',
  },
  {
    flag: 'on-error',
    input: 'onError',
    env: 'PROGET_ON_ERROR',
    kind: 'string',
    value: 'fail|warn',
    help: 'warn: ProGet or network failures exit 0 with a warning (bad input and 401/403 still fail)',
  },
  {
    flag: 'dry-run',
    input: 'dryRun',
    env: 'PROGET_DRY_RUN',
    kind: 'boolean',
    help: 'resolve and show the records without sending them',
  },
  {
    flag: 'timeout',
    input: 'timeout',
    env: 'PROGET_TIMEOUT',
    kind: 'string',
    value: 'SECONDS',
    help: 'per request, 1-600 (default 30)',
  },
  {
    flag: 'retries',
    input: 'retries',
    env: 'PROGET_RETRIES',
    kind: 'string',
    value: 'N',
    help: 'retries of transient failures, 0-10 (default 3)',
  },
  {
    flag: 'concurrency',
    input: 'concurrency',
    env: 'PROGET_CONCURRENCY',
    kind: 'string',
    value: 'N',
    help: 'requests in flight at once, 1-64 (default 4)',
  },
  {
    flag: 'ca-cert',
    input: 'caCert',
    env: 'PROGET_CA_CERT',
    kind: 'string',
    multiple: true,
    value: 'PATH',
    help: 'PEM file of a CA to trust besides the public ones; repeatable',
  },
  {
    flag: 'insecure',
    input: 'insecure',
    env: 'PROGET_INSECURE',
    kind: 'boolean',
    help: 'skip TLS certificate verification (never in production)',
  },
  {
    flag: 'mode',
    input: 'mode',
    env: 'PROGET_MODE',
    kind: 'string',
    value: 'record|download',
    help: 'record: the Package Deployment API (default); download: fetch each package with the X-ProGet-Deployment-* headers, which records it',
  },
  {
    flag: 'feed-type',
    input: 'feedType',
    env: 'PROGET_FEED_TYPE',
    kind: 'string',
    value: 'universal|nuget|npm|maven',
    help: "download mode: how to build each download URL (a pkg: spec's own type wins)",
  },
  {
    flag: 'download-to',
    input: 'downloadTo',
    env: 'PROGET_DOWNLOAD_TO',
    kind: 'string',
    value: 'DIR',
    help: 'download mode: where the package files are saved (default: the current directory)',
  },
  {
    flag: 'download-url',
    input: 'downloadUrl',
    env: 'PROGET_DOWNLOAD_URL',
    kind: 'string',
    value: 'URL',
    help: 'download mode: the exact URL of the one package file, for other feed types',
  },
  {
    flag: 'json',
    env: 'PROGET_JSON',
    kind: 'boolean',
    help: 'print only JSON on stdout, on every exit: the results, or {"error": …} with the exit code and its meaning',
  },
  {
    flag: 'verbose',
    env: 'PROGET_VERBOSE',
    kind: 'boolean',
    help: 'also log each request (redacted) on stderr',
  },
];

export const API_KEY_FLAG = RECORD_FLAGS.find((f) => f.input === 'apiKey')!;

/** The flags that read more lines of a repeatable input from a file or standard input. */
export const LIST_FILE_FLAGS = [
  { input: 'package', flag: RECORD_FLAGS.find((f) => f.flag === 'package-file')! },
  { input: 'target', flag: RECORD_FLAGS.find((f) => f.flag === 'target-file')! },
] as const;
