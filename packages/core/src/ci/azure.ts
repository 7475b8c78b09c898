import { optional } from '../inputs.js';
import type { ContextDefaults } from '../plan.js';

/** Reads a pipeline variable by its dotted name (`Build.BuildId`): task-lib's getVariable, or the env mapping. */
export type VariableReader = (name: string) => string | undefined;

/** Pipeline variables reach every process as env vars: upper-cased, `.` → `_`. */
export function azureVariablesFromEnv(env: NodeJS.ProcessEnv): VariableReader {
  return (name) => env[name.toUpperCase().replace(/\./g, '_')];
}

/**
 * What an Azure Pipelines job says about itself. A classic release (Release.ReleaseId is set) has its own
 * requester, link and stage; a YAML deployment job names its environment in Environment.Name.
 */
export function azureContext(variable: VariableReader): ContextDefaults {
  const v = (name: string) => optional(variable(name));
  const isRelease = Boolean(v('Release.ReleaseId'));
  const collection = v('System.CollectionUri');
  const project = v('System.TeamProject');
  const buildId = v('Build.BuildId');
  const buildUrl =
    collection && project && buildId
      ? `${collection.replace(/\/*$/, '/')}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}`
      : undefined;
  const target = v('Environment.Name') ?? v('Release.EnvironmentName');
  const description = isRelease
    ? `Deployed by release ${[v('Release.DefinitionName') && `"${v('Release.DefinitionName')}"`, v('Release.ReleaseName')].filter(Boolean).join(' ')}`.trim()
    : `Deployed by pipeline ${[v('Build.DefinitionName') && `"${v('Build.DefinitionName')}"`, v('Build.BuildNumber') && `build ${v('Build.BuildNumber')}`].filter(Boolean).join(' ')}`.trim();
  return {
    application: 'Azure Pipelines',
    description,
    user: isRelease ? (v('Release.RequestedFor') ?? v('Build.RequestedFor')) : v('Build.RequestedFor'),
    url: isRelease ? (v('Release.ReleaseWebURL') ?? buildUrl) : buildUrl,
    targets: target ? [target] : [],
    targetHint:
      'or run this task in a deployment job (Environment.Name) or a classic release stage (Release.EnvironmentName)',
  };
}
