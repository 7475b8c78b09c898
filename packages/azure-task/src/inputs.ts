import {
  AZURE_INPUT_NAMES,
  INPUT_CATALOGUE,
  InvalidInputError,
  entriesOn,
  optional,
  type InputNames,
  type RawInputs,
} from '@proget-deploy/core';
import type { TaskPlatform } from './platform.js';

/** task.json's inputs that say where ProGet is; every other input is named by core's AZURE_INPUT_NAMES. */
const CONNECTION_INPUTS = {
  connectionType: INPUT_CATALOGUE.connectionType.azure.name,
  proGetService: INPUT_CATALOGUE.proGetService.azure.name,
} as const;

/** Every input the task reads: the catalogue's Azure inputs, which `pnpm sync` writes into task.json. */
export const TASK_INPUT_NAMES: readonly string[] = entriesOn('azure').map((entry) => entry.azure!.name);

/** The inputs the catalogue marks secret (the API keys). */
const SECRET_INPUTS = new Set<string>(
  entriesOn('azure')
    .filter((entry) => entry.secret)
    .map((entry) => entry.meaning),
);

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

/** The server URL and API key: from the Generic service connection, or typed into server + apiKey. */
function readConnection(
  platform: TaskPlatform,
  connection: ConnectionType,
): Pick<RawInputs, 'server' | 'apiKey'> {
  if (connection === 'manual') {
    // The key first: from this line on, the agent masks it wherever it appears.
    const apiKey = platform.getSecretInput(AZURE_INPUT_NAMES.apiKey);
    return { apiKey, server: platform.getUrlInput(AZURE_INPUT_NAMES.server) };
  }
  const id = optional(platform.getInput(CONNECTION_INPUTS.proGetService));
  if (!id) {
    throw new InvalidInputError(
      `${CONNECTION_INPUTS.proGetService} is required: choose a Generic service connection whose server URL is ProGet's root URL and whose password is the API key (or set ${CONNECTION_INPUTS.connectionType} to manual and use ${AZURE_INPUT_NAMES.server} and ${AZURE_INPUT_NAMES.apiKey})`,
    );
  }
  const apiKey = platform.getEndpointPassword(id);
  const server = platform.getEndpointUrl(id);
  if (!optional(server)) {
    throw new InvalidInputError(
      `the ${CONNECTION_INPUTS.proGetService} service connection "${id}" has no server URL: is it a Generic service connection this pipeline may use?`,
    );
  }
  return { apiKey, server };
}

/** Every task input as the user typed it, and the names core's messages should use for them. */
export function readTaskInputs(platform: TaskPlatform): { raw: RawInputs; names: InputNames } {
  const connection = connectionType(platform.getInput(CONNECTION_INPUTS.connectionType));
  const raw: RawInputs = readConnection(platform, connection);
  // The other secrets next, read so that the agent masks them from the line that reads them on.
  const meanings = (Object.keys(AZURE_INPUT_NAMES) as Array<keyof InputNames>).sort(
    (a, b) => Number(SECRET_INPUTS.has(b)) - Number(SECRET_INPUTS.has(a)),
  );
  for (const meaning of meanings) {
    // The server and key were read above, from where connectionType says they are.
    if (meaning === 'server' || meaning === 'apiKey') continue;
    const name = AZURE_INPUT_NAMES[meaning];
    raw[meaning] = SECRET_INPUTS.has(meaning)
      ? platform.getSecretInput(name)
      : meaning === 'downloadUrl'
        ? platform.getUrlInput(name)
        : platform.getInput(name);
  }
  raw.sbom = withoutAgentDefault(raw.sbom, platform);
  return { raw, names: namesFor(connection) };
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
