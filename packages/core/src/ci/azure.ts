import { optional } from '../inputs/parse.js';
import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, httpLink, targetsFrom } from './context-helpers.js';

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
  // Each variable is read once: task-lib logs every read, and the log should not repeat itself.
  const v = (name: string) => optional(variable(name));
  const isRelease = Boolean(v('Release.ReleaseId'));
  const collection = v('System.CollectionUri');
  const project = v('System.TeamProject');
  const buildId = v('Build.BuildId');
  const buildUrl = httpLink(
    collection && project && buildId
      ? `${collection.replace(/\/*$/, '/')}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}`
      : undefined,
  );
  const quoted = (name: string | undefined) => name && `"${name}"`;
  const targets = targetsFrom(v('Environment.Name') ?? v('Release.EnvironmentName'));
  // Where a pipeline's files live; download mode saves packages relative to it.
  const workingDirectory = v('System.DefaultWorkingDirectory');
  const targetHint =
    'or run this task in a deployment job (Environment.Name) or a classic release stage (Release.EnvironmentName)';
  if (isRelease) {
    return {
      application: 'Azure Pipelines',
      description: deployedBy('release', quoted(v('Release.DefinitionName')), v('Release.ReleaseName')),
      user: v('Release.RequestedFor') ?? v('Build.RequestedFor'),
      url: httpLink(v('Release.ReleaseWebURL')) ?? buildUrl,
      targets,
      targetHint,
      workingDirectory,
    };
  }
  const buildNumber = v('Build.BuildNumber');
  return {
    application: 'Azure Pipelines',
    description: deployedBy(
      'pipeline',
      quoted(v('Build.DefinitionName')),
      buildNumber && `build ${buildNumber}`,
    ),
    user: v('Build.RequestedFor'),
    url: buildUrl,
    targets,
    targetHint,
    workingDirectory,
  };
}
