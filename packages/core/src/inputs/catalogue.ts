import { FEED_TYPE_TABLE, FEED_TYPES } from '../proget/feed-types.js';

/**
 * Every input of every front end, once. The raw-input and name types, plan resolution's defaults, ranges and
 * choices, the CLI's flags and --help are derived from here in code; action.yml's and task.json's inputs and
 * the docs' input tables are written from here by `pnpm sync` (and `pnpm check:manifests` fails when they
 * drift). Adding an input is one entry here, the code that uses it, and `pnpm sync`.
 */

export type Platform = 'github' | 'azure' | 'cli';

/** task.json input types (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/tasks.schema.json). */
export type AzureInputType =
  'string' | 'boolean' | 'pickList' | 'multiLine' | 'filePath' | 'int' | `connectedService:${string}`;

/** task.json's groups; their display names stay hand-written in task.json. */
export type AzureGroup = 'connection' | 'packages' | 'record' | 'sca' | 'advanced';

/** How the value is read: plan resolution and the CLI's parser follow this. */
export type InputKind =
  /** Free text, validated by the code that uses it. */
  | 'text'
  /** One value per line (a workflow's `|` block, a multiLine task input, a repeated CLI flag). */
  | 'lines'
  /** `true`/`false` (also yes/no, 1/0, on/off); a bare flag on the CLI. */
  | 'boolean'
  /** A number within `range`. */
  | 'number'
  /** One of `choices`. */
  | 'choice';

export interface AzureInput {
  name: string;
  type: AzureInputType;
  label: string;
  group: AzureGroup;
  /** task.json `visibleRule`, e.g. `mode = download`. */
  visibleRule?: string;
  /** The pickList's label per choice (the values are the entry's `choices`). */
  optionLabels?: Readonly<Record<string, string>>;
  /** task.json `properties` (rows of a multiLine, EditableOptions of a pickList). */
  properties?: Readonly<Record<string, string | boolean>>;
}

export interface CliOption {
  /** `--flag` without the dashes. */
  flag: string;
  /** The environment variable read when the flag is absent. */
  env: string;
  /** The value's placeholder in --help (`URL`, `N`); choices show as `a|b` instead; booleans take none. */
  value?: string;
}

export interface InputEntry {
  kind: InputKind;
  /**
   * What it means, in Markdown, as every platform's manifest, help and docs table say it. `helpOn` replaces it
   * on a platform where the input is filled from that platform's own context.
   */
  help: string;
  helpOn?: Partial<Record<Platform, string>>;
  /** The value when the input is empty: plan resolution uses it, and the manifests declare it. */
  default?: string;
  /** A default only a platform's manifest declares (the plan takes it from the run's context instead). */
  defaultOn?: Partial<Record<Platform, string>>;
  range?: { min: number; max: number; integer?: boolean };
  choices?: readonly string[];
  /** Required wherever the input exists (on Azure: whenever its visibleRule shows it). */
  required?: boolean;
  /** Holds a credential: masked as soon as it is read, never printed, best passed through a variable. */
  secret?: boolean;
  /** Absent: not an input on that platform. */
  github?: string;
  azure?: AzureInput;
  cli?: CliOption;
  /** Read by one front end itself, not by core's plan (so not among RawInputs/InputNames). */
  platformOnly?: true;
}

const ADVANCED = 'advanced';

/**
 * The entries, in the order the manifests, tables and --help list them. Environment variables are PROGET_ plus
 * the flag's name, except PROGET_DEPLOYMENT_USER and PROGET_DEPLOYMENT_URL: PROGET_USER and PROGET_URL are what
 * many setups already call the ProGet login and the server's address, and reading them as the deployment's
 * user and link would silently record the wrong thing.
 */
export const INPUT_CATALOGUE = {
  connectionType: {
    kind: 'choice',
    platformOnly: true,
    help: "`serviceConnection`: a Generic service connection holds ProGet's URL and the API key. `manual`: type the URL into `server` and pass the key in `apiKey`.",
    default: 'serviceConnection',
    choices: ['serviceConnection', 'manual'] as const,
    required: true,
    azure: {
      name: 'connectionType',
      type: 'pickList',
      label: 'Connect with',
      group: 'connection',
      optionLabels: { serviceConnection: 'ProGet service connection', manual: 'Server URL and API key' },
    },
  },
  proGetService: {
    kind: 'text',
    platformOnly: true,
    help: "A Generic service connection: Server URL = ProGet's root URL (e.g. `https://proget.example.com/`), Password = an API key with the Feeds_DownloadPackage privilege on the feed. The user name is not used.",
    required: true,
    azure: {
      name: 'proGetService',
      type: 'connectedService:Generic',
      label: 'ProGet service connection',
      group: 'connection',
      visibleRule: 'connectionType = serviceConnection',
    },
  },
  server: {
    kind: 'text',
    help: 'Root URL of the ProGet server, e.g. `https://proget.example.com` (a sub-path such as `https://host/proget/` is kept).',
    required: true,
    github: 'server',
    azure: {
      name: 'server',
      type: 'string',
      label: 'ProGet server URL',
      group: 'connection',
      visibleRule: 'connectionType = manual',
    },
    cli: { flag: 'server', env: 'PROGET_SERVER', value: 'URL' },
  },
  apiKey: {
    kind: 'text',
    secret: true,
    help: 'ProGet API key with the Feeds_DownloadPackage ("view/download") privilege on the feed. Pass it from a secret. Empty: the requests are anonymous.',
    helpOn: {
      azure:
        'ProGet API key with the Feeds_DownloadPackage ("view/download") privilege on the feed. Pass it from a secret variable, e.g. `$(progetApiKey)`. Empty: the requests are anonymous.',
      cli: 'ProGet API key with the Feeds_DownloadPackage ("view/download") privilege on the feed. Set the variable rather than the flag, which stays in shell history. Empty: the requests are anonymous.',
    },
    github: 'api-key',
    azure: {
      name: 'apiKey',
      type: 'string',
      label: 'API key',
      group: 'connection',
      visibleRule: 'connectionType = manual',
    },
    cli: { flag: 'api-key', env: 'PROGET_API_KEY', value: 'KEY' },
  },
  authMethod: {
    kind: 'choice',
    help: 'How the key is sent. `auto`: the way each endpoint documents, `X-ApiKey` for the deployment API and universal feeds, basic auth `api:KEY` for NuGet, npm and Maven feed downloads. `header` (`X-ApiKey`) or `basic` (user `api`, the key as password) forces one way everywhere, e.g. for a proxy that passes only one.',
    default: 'auto',
    choices: ['auto', 'header', 'basic'] as const,
    github: 'auth-method',
    azure: {
      name: 'authMethod',
      type: 'pickList',
      label: 'Send the API key as',
      group: ADVANCED,
      optionLabels: {
        auto: "Each endpoint's documented way",
        header: 'X-ApiKey header',
        basic: 'Basic auth (api:KEY)',
      },
    },
    cli: { flag: 'auth-method', env: 'PROGET_AUTH_METHOD' },
  },
  feed: {
    kind: 'text',
    // Not required when the run only promotes an SCA build; plan resolution says when it is missing.
    help: 'Name of the ProGet feed that holds the package(s). Required unless only an SCA project is set.',
    github: 'feed',
    azure: { name: 'feed', type: 'string', label: 'Feed', group: 'packages' },
    cli: { flag: 'feed', env: 'PROGET_FEED', value: 'NAME' },
  },
  package: {
    kind: 'lines',
    help: 'Package spec(s), one per line: `name@version`, `group/name@version`, `@scope/name@version` (npm), `groupId:artifactId@version` (Maven) or a Package URL `pkg:type/namespace/name@version`. Lines starting with `#` are skipped. Required unless an SCA project is set.',
    helpOn: {
      cli: 'Package spec: `name@version`, `group/name@version`, `@scope/name@version` (npm), `groupId:artifactId@version` (Maven) or a Package URL `pkg:type/namespace/name@version`. Repeat the flag for more; in the variable, one per line. Required unless an SCA project is set.',
    },
    github: 'package',
    azure: {
      name: 'package',
      type: 'multiLine',
      label: 'Packages',
      group: 'packages',
      properties: { resizable: true, rows: '4' },
    },
    cli: { flag: 'package', env: 'PROGET_PACKAGE', value: 'SPEC' },
  },
  packageFile: {
    kind: 'text',
    platformOnly: true,
    help: 'More package specs, one per line, from a file, or `-` for standard input (blank lines and `#` comments skipped; at most 16 MiB); adds to `--package`.',
    cli: { flag: 'package-file', env: 'PROGET_PACKAGE_FILE', value: 'PATH|-' },
  },
  version: {
    kind: 'text',
    help: 'Version for the package lines written without `@version`.',
    github: 'version',
    azure: { name: 'version', type: 'string', label: 'Default version', group: 'packages' },
    // Not --version, which every CLI keeps for its own version.
    cli: { flag: 'package-version', env: 'PROGET_PACKAGE_VERSION', value: 'VERSION' },
  },
  group: {
    kind: 'text',
    help: "Group for the package lines that name none (a universal package's group, a Debian component).",
    github: 'group',
    azure: { name: 'group', type: 'string', label: 'Default group', group: 'packages' },
    cli: { flag: 'group', env: 'PROGET_GROUP', value: 'GROUP' },
  },
  target: {
    kind: 'lines',
    help: 'Where the package was deployed, one target per line; every package is recorded for every target.',
    helpOn: {
      github:
        "Where the package was deployed, one target per line (records are packages × targets). Empty: the job's `environment:`, looked up through the REST API (needs `actions: read` and `deployments: read`).",
      azure:
        "Where the packages were deployed, one per line; every package is recorded for every target. Empty: the deployment job's environment (`Environment.Name`), then the classic release stage (`Release.EnvironmentName`).",
      cli: "Where the package was deployed; every package is recorded for every target. Repeat the flag for more; in the variable, one per line. Empty: the detected CI's environment.",
    },
    github: 'target',
    azure: {
      name: 'target',
      type: 'multiLine',
      label: 'Targets',
      group: 'record',
      properties: { resizable: true, rows: '2' },
    },
    cli: { flag: 'target', env: 'PROGET_TARGET', value: 'NAME' },
  },
  targetFile: {
    kind: 'text',
    platformOnly: true,
    help: 'More targets, one per line, from a file, or `-` for standard input (blank lines and `#` comments skipped; at most 16 MiB); adds to `--target`.',
    cli: { flag: 'target-file', env: 'PROGET_TARGET_FILE', value: 'PATH|-' },
  },
  application: {
    kind: 'text',
    help: "The deploying application's name as ProGet shows it.",
    helpOn: {
      azure: "The deploying application's name as ProGet shows it. Empty: `Azure Pipelines`.",
      cli: "The deploying application's name as ProGet shows it. Empty: the detected CI's name, or `proget-deploy` at a terminal.",
    },
    defaultOn: { github: 'GitHub Actions' },
    github: 'application',
    azure: { name: 'application', type: 'string', label: 'Application', group: 'record' },
    cli: { flag: 'application', env: 'PROGET_APPLICATION', value: 'NAME' },
  },
  description: {
    kind: 'text',
    help: 'Description of the deployment.',
    helpOn: {
      github:
        'Description of the deployment. Empty: `Deployed by workflow "NAME" run #N (attempt A) of OWNER/REPO at SHORTSHA`.',
      azure:
        'Description of the deployment. Empty: `Deployed by pipeline "DEFINITION" build NUMBER`, or `Deployed by release "DEFINITION" RELEASE`.',
      cli: "Description of the deployment. Empty: names the detected CI's job, run and commit.",
    },
    github: 'description',
    azure: { name: 'description', type: 'string', label: 'Description', group: 'record' },
    cli: { flag: 'description', env: 'PROGET_DESCRIPTION', value: 'TEXT' },
  },
  user: {
    kind: 'text',
    help: 'Who deployed.',
    helpOn: {
      github: 'Who deployed. Empty: the actor who started the run (`GITHUB_ACTOR`).',
      azure: 'Who deployed. Empty: `Build.RequestedFor` (classic release: `Release.RequestedFor`).',
      cli: "Who deployed. Empty: the detected CI's user, or your OS login at a terminal.",
    },
    github: 'user',
    azure: { name: 'userName', type: 'string', label: 'User', group: 'record' },
    cli: { flag: 'user', env: 'PROGET_DEPLOYMENT_USER', value: 'NAME' },
  },
  url: {
    kind: 'text',
    help: 'An absolute http(s) link recorded with the deployment.',
    helpOn: {
      github:
        "An absolute http(s) link recorded with the deployment. Empty: this run attempt's page, `{GITHUB_SERVER_URL}/{repo}/actions/runs/{id}/attempts/{attempt}`.",
      azure:
        'An absolute http(s) link recorded with the deployment. Empty: the build results page (classic release: `Release.ReleaseWebURL`).',
      cli: "An absolute http(s) link recorded with the deployment. Empty: the detected CI job's page.",
    },
    github: 'url',
    azure: { name: 'url', type: 'string', label: 'Link', group: 'record' },
    cli: { flag: 'url', env: 'PROGET_DEPLOYMENT_URL', value: 'URL' },
  },
  date: {
    kind: 'text',
    help: 'When it was deployed, any ISO 8601 date and time (sent as UTC). Empty: now, one instant for every record.',
    github: 'date',
    azure: { name: 'date', type: 'string', label: 'Date', group: 'record' },
    cli: { flag: 'date', env: 'PROGET_DATE', value: 'ISO8601' },
  },
  mode: {
    kind: 'choice',
    help: "`record`: one POST to ProGet's Package Deployment API per package and target. `download`: fetch each package file from the feed with the `X-ProGet-Deployment-*` headers, so ProGet records the deployment with the download (one target only). `audit`: ask ProGet for its verdict on the SCA build (`sca-project`, `sca-build`) and fail on a noncompliant one, recording and promoting nothing: a gate before the deploy.",
    helpOn: {
      azure:
        "`record`: one POST to ProGet's Package Deployment API per package and target. `download`: fetch each package file from the feed with the `X-ProGet-Deployment-*` headers, so ProGet records the deployment with the download (one target only). `audit`: ask ProGet for its verdict on the SCA build (`scaProject`, `scaBuild`) and fail on a noncompliant one, recording and promoting nothing: a gate before the deploy.",
      cli: "`record`: one POST to ProGet's Package Deployment API per package and target. `download`: fetch each package file from the feed with the `X-ProGet-Deployment-*` headers, so ProGet records the deployment with the download (one target only). `audit`: ask ProGet for its verdict on the SCA build (`--sca-project`, `--sca-build`) and exit 3 on a noncompliant one, recording and promoting nothing. The commands `download` and `audit` set it.",
    },
    default: 'record',
    choices: ['record', 'download', 'audit'] as const,
    github: 'mode',
    azure: {
      name: 'mode',
      type: 'pickList',
      label: 'What the task does',
      group: 'record',
      optionLabels: {
        record: 'Record the deployment (Package Deployment API)',
        download: 'Download the package, recording the deployment (custom-record headers)',
        audit: "Audit the SCA build: ProGet's verdict, nothing recorded",
      },
    },
    cli: { flag: 'mode', env: 'PROGET_MODE' },
  },
  feedType: {
    kind: 'choice',
    help: "Download mode: the feed's type, which decides the download URL. A package written as a Package URL (`pkg:nuget/…`) carries its own type.",
    choices: FEED_TYPES,
    github: 'feed-type',
    azure: {
      name: 'feedType',
      type: 'pickList',
      label: 'Feed type',
      group: 'record',
      visibleRule: 'mode = download',
      optionLabels: Object.fromEntries(FEED_TYPES.map((type) => [type, FEED_TYPE_TABLE[type].label])),
      properties: { EditableOptions: 'True' },
    },
    cli: { flag: 'feed-type', env: 'PROGET_FEED_TYPE' },
  },
  downloadTo: {
    kind: 'text',
    help: 'Download mode: the directory the package files are saved in.',
    helpOn: {
      github: 'Download mode: the directory the package files are saved in. Empty: the workspace.',
      azure:
        'Download mode: the directory the package files are saved in, relative to `System.DefaultWorkingDirectory`. Empty: that directory.',
      cli: 'Download mode: the directory the package files are saved in. Empty: the current directory.',
    },
    github: 'download-to',
    azure: {
      name: 'downloadTo',
      type: 'string',
      label: 'Download to',
      group: 'record',
      visibleRule: 'mode = download',
    },
    cli: { flag: 'download-to', env: 'PROGET_DOWNLOAD_TO', value: 'DIR' },
  },
  downloadUrl: {
    kind: 'text',
    help: 'Download mode: the exact URL of the one package file, for feed types whose URL is not built.',
    github: 'download-url',
    azure: {
      name: 'downloadUrl',
      type: 'string',
      label: 'Download URL',
      group: 'record',
      visibleRule: 'mode = download',
    },
    cli: { flag: 'download-url', env: 'PROGET_DOWNLOAD_URL', value: 'URL' },
  },
  allowCrossOriginKey: {
    kind: 'boolean',
    help: "Download mode: send the API key to a download URL on another host than the server's (announced with a warning). Without it, such a URL is refused: credentials go only to the server's origin.",
    default: 'false',
    github: 'allow-cross-origin-key',
    azure: {
      name: 'allowCrossOriginKey',
      type: 'boolean',
      label: 'Send the API key to another host',
      group: 'record',
      visibleRule: 'mode = download',
    },
    cli: { flag: 'allow-cross-origin-key', env: 'PROGET_ALLOW_CROSS_ORIGIN_KEY' },
  },
  scaProject: {
    kind: 'text',
    help: 'ProGet SCA project (ProGet 2024+): make sure its build exists, import the SBOM, promote the build to the stage and comment on it. Needs a system API key with "Manage Builds & Projects" or a personal key whose user has Projects_Manage; feed API keys are refused. With it, the package is optional.',
    github: 'sca-project',
    azure: { name: 'scaProject', type: 'string', label: 'SCA project', group: 'sca' },
    cli: { flag: 'sca-project', env: 'PROGET_SCA_PROJECT', value: 'NAME' },
  },
  scaBuild: {
    kind: 'text',
    help: "The SCA build number. Empty: the version of the first package, else the SBOM's.",
    github: 'sca-build',
    azure: { name: 'scaBuild', type: 'string', label: 'SCA build', group: 'sca' },
    cli: { flag: 'sca-build', env: 'PROGET_SCA_BUILD', value: 'NUMBER' },
  },
  scaStage: {
    kind: 'text',
    help: 'The stage to promote the SCA build to, e.g. `Production`. Empty: the target, when there is exactly one.',
    github: 'sca-stage',
    azure: { name: 'scaStage', type: 'string', label: 'SCA stage', group: 'sca' },
    cli: { flag: 'sca-stage', env: 'PROGET_SCA_STAGE', value: 'NAME' },
  },
  sbom: {
    kind: 'text',
    help: 'Path of a CycloneDX SBOM (JSON or XML) to import into the SCA build; its `metadata.component` name and version must be the project and build.',
    helpOn: {
      azure:
        'Path of a CycloneDX SBOM (JSON or XML) to import into the SCA build, relative to `System.DefaultWorkingDirectory`; its `metadata.component` name and version must be the project and build.',
    },
    github: 'sbom',
    azure: { name: 'sbom', type: 'filePath', label: 'SBOM (CycloneDX)', group: 'sca' },
    cli: { flag: 'sbom', env: 'PROGET_SBOM', value: 'PATH' },
  },
  scaApiKey: {
    kind: 'text',
    secret: true,
    help: 'API key for the SCA steps only, when the records\' feed key may not manage builds: a system API key with "Manage Builds & Projects" or a personal key whose user has Projects_Manage. Pass it from a secret. Empty: `api-key`.',
    helpOn: {
      azure:
        'API key for the SCA steps only, when the records\' feed key may not manage builds: a system API key with "Manage Builds & Projects" or a personal key whose user has Projects_Manage. Pass it from a secret variable, e.g. `$(progetScaApiKey)`. Empty: the key of the service connection or `apiKey`.',
      cli: 'API key for the SCA steps only, when the records\' feed key may not manage builds: a system API key with "Manage Builds & Projects" or a personal key whose user has Projects_Manage. Set the variable rather than the flag, which stays in shell history. Empty: `--api-key`.',
    },
    github: 'sca-api-key',
    azure: { name: 'scaApiKey', type: 'string', label: 'SCA API key', group: 'sca' },
    cli: { flag: 'sca-api-key', env: 'PROGET_SCA_API_KEY', value: 'KEY' },
  },
  promoteToFeed: {
    kind: 'text',
    help: 'After the deployment of a package version is recorded (record or download mode), promote that version from `feed` to this feed (ProGet 2023+, Basic or Enterprise), once per version however many targets; a version already promoted there is not promoted again. The key needs permission to promote packages.',
    github: 'promote-to-feed',
    azure: { name: 'promoteToFeed', type: 'string', label: 'Promote to feed', group: 'packages' },
    cli: { flag: 'promote-to-feed', env: 'PROGET_PROMOTE_TO_FEED', value: 'NAME' },
  },
  onNoncompliant: {
    kind: 'choice',
    help: 'When ProGet judges the SCA build noncompliant (unresolved issues) after promoting or auditing it: `fail` the step, or `warn` and succeed. `on-error: warn` never forgives a noncompliant verdict: it is not an outage.',
    helpOn: {
      azure:
        'When ProGet judges the SCA build noncompliant (unresolved issues) after promoting or auditing it: `fail` the task, or `warn` and succeed with issues. `onError: warn` never forgives a noncompliant verdict: it is not an outage.',
      cli: 'When ProGet judges the SCA build noncompliant (unresolved issues) after promoting or auditing it: `fail` (exit code 3), or `warn` and exit 0. `--on-error warn` never forgives a noncompliant verdict: it is not an outage.',
    },
    default: 'fail',
    choices: ['fail', 'warn'] as const,
    github: 'on-noncompliant',
    azure: {
      name: 'onNoncompliant',
      type: 'pickList',
      label: 'When ProGet judges the build noncompliant',
      group: 'sca',
      optionLabels: { fail: 'Fail the task', warn: 'Warn and succeed with issues' },
    },
    cli: { flag: 'on-noncompliant', env: 'PROGET_ON_NONCOMPLIANT' },
  },
  onError: {
    kind: 'choice',
    help: '`warn` turns failures that may heal by themselves (5xx, 408, 429, network, timeout) into a warning, and the step succeeds; anything that would fail the same way on every run (bad input, 401/403, 404, 405, 400, a redirect, TLS) always fails.',
    helpOn: {
      azure:
        '`warn` turns failures that may heal by themselves (5xx, 408, 429, network, timeout) into a warning (the task succeeds with issues); anything that would fail the same way on every run (bad input, 401/403, 404, 405, 400, a redirect, TLS) always fails.',
      cli: '`warn`: failures that may heal by themselves (5xx, 408, 429, network, timeout) exit 0 with a warning; anything that would fail the same way on every run (bad input, 401/403, 404, 405, 400, a redirect, TLS) still exits non-zero.',
    },
    default: 'fail',
    choices: ['fail', 'warn'] as const,
    github: 'on-error',
    azure: {
      name: 'onError',
      type: 'pickList',
      label: 'When ProGet cannot be reached',
      group: ADVANCED,
      optionLabels: { fail: 'Fail the task', warn: 'Warn and succeed with issues' },
    },
    cli: { flag: 'on-error', env: 'PROGET_ON_ERROR' },
  },
  dryRun: {
    kind: 'boolean',
    help: 'Resolve, validate and show every record without sending anything to ProGet.',
    default: 'false',
    github: 'dry-run',
    azure: { name: 'dryRun', type: 'boolean', label: 'Dry run', group: ADVANCED },
    cli: { flag: 'dry-run', env: 'PROGET_DRY_RUN' },
  },
  timeout: {
    kind: 'number',
    help: "Seconds to wait for ProGet's answer to each request.",
    default: '30',
    range: { min: 1, max: 600 },
    github: 'timeout',
    azure: { name: 'timeout', type: 'string', label: 'Timeout (seconds)', group: ADVANCED },
    cli: { flag: 'timeout', env: 'PROGET_TIMEOUT', value: 'SECONDS' },
  },
  retries: {
    kind: 'number',
    help: 'Retries of a request that failed transiently (network error, 408, 429, 502, 503, 504), with exponential backoff.',
    default: '3',
    range: { min: 0, max: 10, integer: true },
    github: 'retries',
    azure: { name: 'retries', type: 'string', label: 'Retries', group: ADVANCED },
    cli: { flag: 'retries', env: 'PROGET_RETRIES', value: 'N' },
  },
  concurrency: {
    kind: 'number',
    help: 'How many records are sent at once.',
    default: '4',
    range: { min: 1, max: 64, integer: true },
    github: 'concurrency',
    azure: { name: 'concurrency', type: 'string', label: 'Concurrent requests', group: ADVANCED },
    cli: { flag: 'concurrency', env: 'PROGET_CONCURRENCY', value: 'N' },
  },
  caCert: {
    kind: 'lines',
    help: 'Path(s) of PEM file(s) with extra CA certificates to trust besides the public ones (a private CA), one per line.',
    helpOn: {
      cli: 'Path of a PEM file with extra CA certificates to trust besides the public ones (a private CA). Repeat the flag for more; in the variable, one per line.',
      azure:
        "Path of a PEM file with the CA certificate(s) that signed ProGet's certificate (several: one path per line), added to the public roots. The agent's own CA (`--sslcacert`) is trusted as well.",
    },
    github: 'ca-cert',
    azure: { name: 'caCert', type: 'string', label: 'CA certificate file', group: ADVANCED },
    cli: { flag: 'ca-cert', env: 'PROGET_CA_CERT', value: 'PATH' },
  },
  insecure: {
    kind: 'boolean',
    help: 'Skip TLS certificate verification (never in production; announced with a warning). Anyone in between could read the API key: prefer a CA certificate.',
    default: 'false',
    github: 'insecure',
    azure: { name: 'insecure', type: 'boolean', label: 'Skip certificate verification', group: ADVANCED },
    cli: { flag: 'insecure', env: 'PROGET_INSECURE' },
  },
  githubToken: {
    kind: 'text',
    platformOnly: true,
    secret: true,
    help: "Token for the REST API lookup of the job's environment; used only when `target` is empty.",
    defaultOn: { github: '${{ github.token }}' },
    github: 'github-token',
  },
  json: {
    kind: 'boolean',
    platformOnly: true,
    help: 'Print only JSON on stdout, on every exit: the results, or `{"error": …}` with the exit code and its meaning.',
    cli: { flag: 'json', env: 'PROGET_JSON' },
  },
  verbose: {
    kind: 'boolean',
    platformOnly: true,
    help: 'Also log each request (redacted) on stderr.',
    cli: { flag: 'verbose', env: 'PROGET_VERBOSE' },
  },
} satisfies Record<string, InputEntry>;

type Catalogue = typeof INPUT_CATALOGUE;

/** Every input by meaning, platform-only ones included. */
export type InputMeaning = keyof Catalogue;

/** The inputs core's plan reads: every entry not marked platformOnly. */
export type PlanInput = {
  [K in InputMeaning]: Catalogue[K] extends { platformOnly: true } ? never : K;
}[InputMeaning];

/** The entries in catalogue order, each with its meaning. */
export const INPUT_ENTRIES: ReadonlyArray<InputEntry & { meaning: InputMeaning }> = Object.entries(
  INPUT_CATALOGUE,
).map(([meaning, entry]) => ({ ...(entry as InputEntry), meaning: meaning as InputMeaning }));

export const PLAN_INPUTS = INPUT_ENTRIES.filter((entry) => !entry.platformOnly).map(
  (entry) => entry.meaning,
) as PlanInput[];

/** One entry by meaning, typed as the general shape. */
export function inputEntry(meaning: InputMeaning): InputEntry {
  return INPUT_CATALOGUE[meaning];
}

/** What the input says on a platform: its own help where the platform fills it from its context. */
export function helpOn(entry: InputEntry, platform: Platform): string {
  return entry.helpOn?.[platform] ?? entry.help;
}

/** The default a platform's manifest declares ('' when the empty input means "from the run's context"). */
export function defaultOn(entry: InputEntry, platform: Platform): string {
  return entry.defaultOn?.[platform] ?? entry.default ?? '';
}

/** The entries that exist on a platform, in catalogue order. */
export function entriesOn(platform: Platform): Array<InputEntry & { meaning: InputMeaning }> {
  return INPUT_ENTRIES.filter((entry) => entry[platform] !== undefined);
}

/** The plan inputs that take one of a fixed list of values. */
export type ChoiceInput = {
  [K in PlanInput]: Catalogue[K] extends { kind: 'choice' } ? K : never;
}[PlanInput];

/** The values a choice input accepts, as a type (`'fail' | 'warn'`). */
export type ChoiceOf<M extends InputMeaning> = Catalogue[M] extends {
  choices: readonly (infer C extends string)[];
}
  ? C
  : never;

/**
 * `From 1 to 600.`, or the choices where the help does not name each: said here, once, for every place that
 * describes the input.
 */
function rangeText(entry: InputEntry): string {
  const help = entry.help;
  if (entry.choices && !entry.choices.every((choice) => help.includes(`\`${choice}\``))) {
    const list = entry.choices.map((choice) => `\`${choice}\``);
    return ` One of ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}.`;
  }
  if (!entry.range) return '';
  const { min, max, integer } = entry.range;
  return ` ${integer ? 'A whole number from' : 'From'} ${min} to ${max}.`;
}

/**
 * The input's description on a platform, in Markdown. Where a platform's manifest or table has no default or
 * required column of its own (the CLI's help and table), they are said here.
 */
export function describeOn(entry: InputEntry, platform: Platform): string {
  let text = `${helpOn(entry, platform)}${rangeText(entry)}`;
  if (platform === 'cli') {
    const fallback = defaultOn(entry, platform);
    if (fallback && entry.kind !== 'boolean') text += ` Default: \`${fallback}\`.`;
    if (entry.required) text += ' Required.';
  }
  return text;
}
