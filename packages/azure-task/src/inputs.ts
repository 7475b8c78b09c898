import {
  AZURE_INPUT_NAMES,
  INPUT_CATALOGUE,
  InvalidInputError,
  inputEntry,
  optional,
  type InputMeaning,
  type InputNames,
} from '@proget-deploy/core';
import type { TaskPlatform } from './platform.js';

/** task.json's inputs that say where ProGet is; every other input is named by core's AZURE_INPUT_NAMES. */
const CONNECTION_INPUTS = {
  connectionType: INPUT_CATALOGUE.connectionType.azure.name,
  proGetService: INPUT_CATALOGUE.proGetService.azure.name,
} as const;

type ConnectionType = (typeof INPUT_CATALOGUE.connectionType.choices)[number];

/** The agent passes a pickList's value as written in a YAML pipeline, so any casing is accepted. */
function connectionType(value: string | undefined): ConnectionType {
  const { choices, default: fallback } = INPUT_CATALOGUE.connectionType;
  const text = optional(value)?.toLowerCase() ?? fallback.toLowerCase();
  const match = choices.find((choice) => choice.toLowerCase() === text);
  if (match) return match;
  throw new InvalidInputError(
    `${CONNECTION_INPUTS.connectionType} must be ${choices.join(' or ')}, not "${value}"`,
  );
}

/** Where the server URL and key came from, so messages name what the user can actually change. */
function namesFor(connection: ConnectionType): InputNames {
  if (connection === 'manual') return AZURE_INPUT_NAMES;
  return {
    ...AZURE_INPUT_NAMES,
    server: `the URL of the ${CONNECTION_INPUTS.proGetService} service connection`,
    apiKey: `the password (API key) of the ${CONNECTION_INPUTS.proGetService} service connection`,
  };
}

/**
 * The agent fills a `filePath` input left empty with the job's default working directory (or the sources
 * directory): https://github.com/microsoft/azure-pipelines-agent/issues/1872. That directory means "not set".
 */
function withoutAgentDefault(path: string | undefined, platform: TaskPlatform): string | undefined {
  const trim = (p: string | undefined) => optional(p)?.replace(/[\\/]+$/, '');
  const given = trim(path);
  const defaults = ['System.DefaultWorkingDirectory', 'Build.SourcesDirectory'].map((v) =>
    trim(platform.getVariable(v)),
  );
  return given && defaults.includes(given) ? undefined : path;
}

/**
 * The task's inputs by meaning. The server URL and the key come from the Generic service connection, or from
 * `server` and `apiKey` when connectionType is manual; every secret is read so that the agent masks it from
 * the line that reads it on (see quiet-read.ts).
 */
export function taskInputs(platform: TaskPlatform) {
  let connection: ConnectionType | undefined;
  const connectionOf = () =>
    (connection ??= connectionType(platform.getInput(CONNECTION_INPUTS.connectionType)));
  const service = () => {
    const id = optional(platform.getInput(CONNECTION_INPUTS.proGetService));
    if (!id) {
      throw new InvalidInputError(
        `${CONNECTION_INPUTS.proGetService} is required: choose a Generic service connection whose server URL is ProGet's root URL and whose password is the API key (or set ${CONNECTION_INPUTS.connectionType} to manual and use ${AZURE_INPUT_NAMES.server} and ${AZURE_INPUT_NAMES.apiKey})`,
      );
    }
    return id;
  };
  const server = () => {
    if (connectionOf() === 'manual') return platform.getUrlInput(AZURE_INPUT_NAMES.server);
    const id = service();
    const url = platform.getEndpointUrl(id);
    if (!optional(url)) {
      throw new InvalidInputError(
        `the ${CONNECTION_INPUTS.proGetService} service connection "${id}" has no server URL: is it a Generic service connection this pipeline may use?`,
      );
    }
    return url;
  };
  const apiKey = () =>
    connectionOf() === 'manual'
      ? platform.getSecretInput(AZURE_INPUT_NAMES.apiKey)
      : platform.getEndpointPassword(service());
  return {
    read(meaning: InputMeaning): string | undefined {
      if (meaning === 'connectionType') return connectionOf();
      // Read only when it is used: a manual connection never asks for the service connection.
      if (meaning === 'proGetService') return connectionOf() === 'manual' ? undefined : service();
      if (meaning === 'server') return server();
      if (meaning === 'apiKey') return apiKey();
      const entry = inputEntry(meaning);
      const name = entry.azure!.name;
      if (entry.secret) return platform.getSecretInput(name);
      if (meaning === 'downloadUrl') return platform.getUrlInput(name);
      if (meaning === 'sbom') return withoutAgentDefault(platform.getInput(name), platform);
      return platform.getInput(name);
    },
    names: () => namesFor(connectionOf()),
  };
}
